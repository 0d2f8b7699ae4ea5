package io.fabula.adapters.in.http.notification;

import static org.assertj.core.api.Assertions.assertThat;

import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.dropwizard.testing.junit5.ResourceExtension;
import io.fabula.adapters.in.http.auth.BearerAuth;
import io.fabula.adapters.in.http.problem.ProblemMappers;
import io.fabula.adapters.out.crypto.JwtAccessTokens;
import io.fabula.application.auth.Identity;
import io.fabula.application.auth.Role;
import io.fabula.application.notification.InAppNotification;
import io.fabula.application.notification.InAppNotifications;
import io.fabula.application.notification.NotificationId;
import io.fabula.application.notification.NotificationKind;
import io.fabula.application.notification.Preferences;
import io.fabula.domain.id.SessionId;
import io.fabula.domain.id.UserId;
import jakarta.ws.rs.client.Entity;
import jakarta.ws.rs.client.Invocation;
import jakarta.ws.rs.client.WebTarget;
import jakarta.ws.rs.core.GenericType;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The notification routes over HTTP: each answer, and each error as problem+json with the right status. */
@ExtendWith(DropwizardExtensionsSupport.class)
class NotificationResourceTest {
    private static final Clock CLOCK = Clock.systemUTC();
    private static final JwtAccessTokens TOKENS = new JwtAccessTokens("notification-resource-test-secret-0123456789",
            "fabula", Duration.ofHours(24));
    private static final UserId LIN = UserId.of("01956a1e-0000-7000-8000-0000000000aa");
    private static final UserId MO = UserId.of("01956a1e-0000-7000-8000-0000000000bb");
    private static final SessionId TIDE = SessionId.of("01956a1e-0000-7000-8000-000000000001");

    /** The port in memory: rows per user, preferences per user. */
    private static final class Store implements InAppNotifications {
        record Row(UserId user, InAppNotification notification) { }

        final List<Row> rows = new CopyOnWriteArrayList<>();
        final Map<UserId, Preferences> preferences = new HashMap<>();

        @Override
        public Page list(UserId user, boolean unreadOnly, java.util.Optional<NotificationId> after, int limit) {
            List<InAppNotification> mine = rows.stream().filter(r -> r.user().equals(user)).map(Row::notification)
                    .sorted(Comparator.comparing((InAppNotification n) -> n.id().value()).reversed()).toList();
            long unread = mine.stream().filter(n -> n.readAt() == null).count();
            return new Page(mine.stream().filter(n -> !unreadOnly || n.readAt() == null)
                    .filter(n -> after.isEmpty() || n.id().value().compareTo(after.get().value()) < 0)
                    .limit(limit).toList(), unread);
        }

        @Override
        public boolean markRead(UserId user, NotificationId id, Instant at) {
            for (int i = 0; i < rows.size(); i++) {
                Row row = rows.get(i);
                if (row.user().equals(user) && row.notification().id().equals(id)) {
                    InAppNotification n = row.notification();
                    rows.set(i, new Row(user, new InAppNotification(n.id(), n.kind(), n.session(), n.title(), n.body(),
                            n.createdAt(), n.readAt() == null ? at : n.readAt())));
                    return true;
                }
            }
            return false;
        }

        @Override
        public Preferences preferences(UserId user) {
            return preferences.getOrDefault(user, Preferences.defaults());
        }

        @Override
        public void savePreferences(UserId user, Preferences p) {
            preferences.put(user, p);
        }
    }

    private static final Store STORE = new Store();

    static final ResourceExtension API = ResourceExtension.builder()
            .setRegisterDefaultExceptionMappers(false)
            .addProvider(new ProblemMappers(CLOCK))
            .addProvider(new BearerAuth(TOKENS, CLOCK))
            .addResource(new NotificationResource(STORE, CLOCK))
            .build();

    private final List<NotificationId> lins = new ArrayList<>();
    private NotificationId mos;

    @BeforeEach
    void rows() {
        STORE.rows.clear();
        STORE.preferences.clear();
        lins.clear();
        Instant t = Instant.parse("2026-11-23T09:00:00Z");
        for (int i = 0; i < 5; i++) {
            NotificationId id = new NotificationId(UUID.fromString("01956a1e-0000-7000-8000-00000000010" + i));
            lins.add(id);
            STORE.rows.add(new Store.Row(LIN, new InAppNotification(id, NotificationKind.STAGE_AWAITING_REVIEW, TIDE,
                    "Stage WORLD of \"Tide\" awaits your review " + i, "Confirm it.", t.plusSeconds(i), null)));
        }
        mos = new NotificationId(UUID.randomUUID());
        STORE.rows.add(new Store.Row(MO, new InAppNotification(mos, NotificationKind.BUDGET_WARNING, null,
                "80 % of today's LLM budget is spent", "40.00 of 50.00 USD.", t, null)));
    }

    @Nested
    class listing {

        @Test
        void a_writer_gets_their_own_notifications_newest_first_one_page_at_a_time() {
            Map<String, Object> first = json(request("/api/v1/notifications?limit=2", LIN).get());

            assertThat(first).containsEntry("unread", 5);
            assertThat(first.get("items")).asList().hasSize(2).first().asInstanceOf(
                            org.assertj.core.api.InstanceOfAssertFactories.MAP)
                    .containsEntry("id", lins.get(4).toString())
                    .containsEntry("kind", "STAGE_AWAITING_REVIEW")
                    .containsEntry("session_id", TIDE.toString())
                    .containsEntry("created_at", "2026-11-23T09:00:04Z")
                    .doesNotContainKey("read_at");

            Map<String, Object> second = json(request("/api/v1/notifications?limit=2&cursor=" + first.get("next_cursor"), LIN).get());
            Map<String, Object> last = json(request("/api/v1/notifications?limit=2&cursor=" + second.get("next_cursor"), LIN).get());

            assertThat(ids(second)).containsExactly(lins.get(2).toString(), lins.get(1).toString());
            assertThat(ids(last)).containsExactly(lins.get(0).toString());
            assertThat(last.get("next_cursor")).isNull();
        }

        private List<String> ids(Map<String, Object> page) {
            return ((List<?>) page.get("items")).stream().map(item -> ((Map<?, ?>) item).get("id").toString()).toList();
        }

        @Test
        void another_writers_notifications_never_show() {
            Map<String, Object> page = json(request("/api/v1/notifications", MO).get());
            assertThat(page.get("items")).asList().singleElement().asInstanceOf(
                    org.assertj.core.api.InstanceOfAssertFactories.MAP).containsEntry("id", mos.toString())
                    .doesNotContainKey("session_id");
        }

        @Test
        void the_unread_filter_leaves_out_what_was_read() {
            assertThat(request("/api/v1/notifications/" + lins.get(4) + "/read", LIN).post(null).getStatus()).isEqualTo(204);

            Map<String, Object> page = json(request("/api/v1/notifications?unread=true", LIN).get());

            assertThat(page).containsEntry("unread", 4);
            List<Object> ids = ((List<?>) page.get("items")).stream().map(item -> ((Map<?, ?>) item).get("id")).map(Object::toString)
                    .map(Object.class::cast).toList();
            assertThat(ids).hasSize(4).doesNotContain(lins.get(4).toString());
        }

        @ParameterizedTest
        @ValueSource(strings = {"limit=0", "limit=101"})
        void a_page_size_out_of_range_is_a_problem_naming_the_parameter(String query) {
            Response response = request("/api/v1/notifications?" + query, LIN).get();

            assertThat(response.getStatus()).isEqualTo(400);
            assertProblem(response);
            assertThat(json(response)).containsKey("errors");
        }

        @ParameterizedTest
        @ValueSource(strings = {"cursor=bm90LWEtY3Vyc29y", "cursor=%%%"})
        void a_cursor_this_api_did_not_hand_out_is_400(String query) {
            Response response = request("/api/v1/notifications?" + query, LIN).get();

            assertThat(response.getStatus()).isEqualTo(400);
            assertProblem(response);
            assertThat(json(response)).containsEntry("type", "urn:fabula:problem:validation")
                    .extractingByKey("detail").asString().contains("cursor");
        }

        @Test
        void a_page_size_that_is_not_a_number_is_a_problem() {
            Response response = request("/api/v1/notifications?limit=many", LIN).get();

            assertThat(response.getStatus()).isBetween(400, 404);
            assertProblem(response);
        }
    }

    @Nested
    class marking_read {

        @Test
        void a_writer_marks_their_own_notification_read_and_again_changes_nothing() {
            assertThat(request("/api/v1/notifications/" + lins.get(0) + "/read", LIN).post(null).getStatus()).isEqualTo(204);
            assertThat(request("/api/v1/notifications/" + lins.get(0) + "/read", LIN).post(null).getStatus()).isEqualTo(204);
            assertThat(json(request("/api/v1/notifications", LIN).get())).containsEntry("unread", 4);
        }

        @Test
        void another_writers_notification_is_not_found_and_stays_unread() {
            Response response = request("/api/v1/notifications/" + mos + "/read", LIN).post(null);

            assertThat(response.getStatus()).isEqualTo(404);
            assertProblem(response);
            assertThat(json(response)).containsEntry("type", "urn:fabula:problem:not-found");
            assertThat(json(request("/api/v1/notifications", MO).get())).containsEntry("unread", 1);
        }

        @ParameterizedTest
        @ValueSource(strings = {"not-an-id", "01956a1e-0000-7000-8000-00000000ffff"})
        void an_id_that_is_unknown_or_not_an_id_is_not_found(String id) {
            Response response = request("/api/v1/notifications/" + id + "/read", LIN).post(null);

            assertThat(response.getStatus()).isEqualTo(404);
            assertProblem(response);
        }

        @Test
        void reading_with_the_wrong_method_is_405() {
            Response response = request("/api/v1/notifications/" + lins.get(0) + "/read", LIN).get();

            assertThat(response.getStatus()).isEqualTo(405);
            assertProblem(response);
        }
    }

    @Nested
    class preferences {

        @Test
        void without_a_choice_every_kind_is_an_immediate_mail_in_english() {
            Map<String, Object> body = json(request("/api/v1/notifications/preferences", LIN).get());

            assertThat(body).containsEntry("language", "en");
            assertThat(body.get("kinds")).isEqualTo(Map.of(
                    "BUDGET_WARNING", Map.of("delivery", "immediate", "email", true),
                    "SESSION_FAILED", Map.of("delivery", "immediate", "email", true),
                    "SESSION_FINISHED", Map.of("delivery", "immediate", "email", true),
                    "STAGE_AWAITING_REVIEW", Map.of("delivery", "immediate", "email", true)));
        }

        @Test
        void a_writer_chooses_the_digest_for_one_kind_no_mail_for_another_and_chinese() {
            Response response = request("/api/v1/notifications/preferences", LIN).put(Entity.json(Map.of(
                    "language", "zh",
                    "kinds", Map.of("STAGE_AWAITING_REVIEW", Map.of("delivery", "digest", "email", true),
                            "SESSION_FINISHED", Map.of("delivery", "immediate", "email", false)))));

            assertThat(response.getStatus()).isEqualTo(200);
            Map<String, Object> body = json(response);
            assertThat(body).containsEntry("language", "zh");
            @SuppressWarnings("unchecked")
            Map<String, Object> kinds = (Map<String, Object>) body.get("kinds");
            assertThat(kinds)
                    .containsEntry("STAGE_AWAITING_REVIEW", Map.of("delivery", "digest", "email", true))
                    .containsEntry("SESSION_FINISHED", Map.of("delivery", "immediate", "email", false))
                    .containsEntry("SESSION_FAILED", Map.of("delivery", "immediate", "email", true));
            assertThat(json(request("/api/v1/notifications/preferences", LIN).get())).isEqualTo(body);
            assertThat(json(request("/api/v1/notifications/preferences", MO).get())).containsEntry("language", "en");
        }

        @ParameterizedTest
        @ValueSource(strings = {"DAILY_DIGEST", "NOT_A_KIND"})
        void a_kind_one_cannot_choose_for_is_422(String kind) {
            Response response = put(Map.of("language", "en",
                    "kinds", Map.of(kind, Map.of("delivery", "digest", "email", true))));

            assertThat(response.getStatus()).isEqualTo(422);
            assertProblem(response);
            assertThat(json(response)).containsEntry("type", "urn:fabula:problem:validation")
                    .extractingByKey("detail").asString().contains("kinds." + kind);
        }

        @Test
        void invalid_fields_are_422_naming_each_field() {
            Response response = put(Map.of("language", "fr",
                    "kinds", Map.of("SESSION_FAILED", Map.of("delivery", "weekly", "email", true))));

            assertThat(response.getStatus()).isEqualTo(422);
            assertProblem(response);
            assertThat(json(response).get("errors")).asList().hasSize(2);
        }

        @Test
        void a_missing_field_is_422() {
            Response response = put(Map.of("kinds", Map.of()));

            assertThat(response.getStatus()).isEqualTo(422);
            assertProblem(response);
        }

        @Test
        void an_unreadable_body_is_400() {
            Response response = request("/api/v1/notifications/preferences", LIN)
                    .put(Entity.entity("{\"language\": ", MediaType.APPLICATION_JSON_TYPE));

            assertThat(response.getStatus()).isEqualTo(400);
            assertProblem(response);
        }

        @Test
        void a_body_that_is_not_json_is_415() {
            Response response = request("/api/v1/notifications/preferences", LIN)
                    .put(Entity.entity("language=en", MediaType.APPLICATION_FORM_URLENCODED_TYPE));

            assertThat(response.getStatus()).isEqualTo(415);
            assertProblem(response);
        }

        private Response put(Map<String, Object> body) {
            return request("/api/v1/notifications/preferences", LIN).put(Entity.json(body));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"GET /api/v1/notifications", "POST /api/v1/notifications/01956a1e-0000-7000-8000-00000000ffff/read",
            "GET /api/v1/notifications/preferences", "PUT /api/v1/notifications/preferences"})
    void every_route_needs_a_valid_access_token(String route) {
        String[] parts = route.split(" ");
        WebTarget target = API.target(parts[1]);
        for (String authorization : new String[] {null, "Bearer not-a-token"}) {
            Invocation.Builder request = target.request();
            if (authorization != null) {
                request = request.header("Authorization", authorization);
            }
            Response response = switch (parts[0]) {
                case "GET" -> request.get();
                case "POST" -> request.post(null);
                default -> request.put(Entity.json(Map.of("language", "en", "kinds", Map.of())));
            };
            assertThat(response.getStatus()).as(route).isEqualTo(401);
            assertProblem(response);
        }
    }

    private static Invocation.Builder request(String path, UserId user) {
        String[] parts = path.split("\\?", 2);
        WebTarget target = API.target(parts[0]);
        if (parts.length > 1) {
            for (String pair : parts[1].split("&")) {
                String[] kv = pair.split("=", 2);
                target = target.queryParam(kv[0], kv[1]);
            }
        }
        return target.request().header("Authorization",
                "Bearer " + TOKENS.issue(new Identity(user, Role.WRITER), CLOCK.instant()).token());
    }

    private static void assertProblem(Response response) {
        assertThat(response.getMediaType().toString()).isEqualTo("application/problem+json");
    }

    private static Map<String, Object> json(Response response) {
        return response.readEntity(new GenericType<>() {
        });
    }
}
