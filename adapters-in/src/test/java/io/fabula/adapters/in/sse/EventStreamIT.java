package io.fabula.adapters.in.sse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabula.application.live.LiveMessage;
import io.fabula.application.live.TokenDelta;
import io.fabula.domain.id.SessionId;
import io.fabula.domain.id.UserId;
import io.fabula.domain.stage.Stage;
import io.fabula.infra.Endpoints;
import io.fabula.testsupport.Server;
import io.fabula.testsupport.WithInfra;
import io.fabula.testsupport.sse.SseClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The rules of SPEC §6 as a browser meets them, over HTTP, against a real Redis. */
@WithInfra(Server.REDIS)
class EventStreamIT {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static LiveTestServer server;

    private final UserId writer = new UserId(UUID.randomUUID());
    private final List<SseClient> clients = new ArrayList<>();

    @BeforeAll
    static void start(Endpoints.Redis redis) throws Throwable {
        SseSettings spec = SseSettings.defaults();
        server = new LiveTestServer(redis.host(), redis.port(), new SseSettings(spec.initialReplay(), spec.replayBatch(),
                spec.maxBackfill(), Duration.ofMillis(300), spec.sendTimeout(), spec.maxConnectionsPerUser(),
                spec.tooManyRetryAfter(), spec.unavailableRetryAfter(), 4));
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    @AfterEach
    void closeClients() {
        clients.forEach(SseClient::close);
    }

    @Test
    void a_ticket_is_issued_to_a_signed_in_writer_for_sixty_seconds() throws Exception {
        HttpResponse<String> answer = server.requestTicket(writer);

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.body()).contains("\"sse_token\":\"").contains("\"expires_in\":60");
    }

    @Test
    void a_ticket_needs_a_valid_access_token() throws Exception {
        HttpResponse<String> anonymous = LiveTestServer.HTTP.send(HttpRequest.newBuilder(server.uri("/api/v1/auth/sse-token"))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(anonymous.headers().firstValue("Content-Type")).contains("application/problem+json");
    }

    @Test
    void a_new_stream_starts_with_the_newest_fifty_messages_then_receives_live_ones() throws Exception {
        publish(1, 80);

        SseClient client = open(server.ticket(writer), Map.of());
        await().atMost(WAIT).until(() -> domainEvents(client).size() == 50);
        assertThat(ids(client)).isEqualTo(range(31, 80));

        publish(81, 81);
        await().atMost(WAIT).until(() -> domainEvents(client).size() == 51);
        assertThat(ids(client).get(50)).isEqualTo("m81");
        assertThat(client.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("text/event-stream"));
    }

    @Test
    void a_reconnect_with_last_event_id_gets_exactly_the_missed_messages_without_gap_or_duplicate() throws Exception {
        publish(1, 10);
        SseClient first = open(server.ticket(writer), Map.of());
        await().atMost(WAIT).until(() -> domainEvents(first).size() == 10);
        String lastSeen = first.lastEventId();
        first.close();

        publish(11, 130); // 120 missed: back-filled in batches (50, then 100) — all of them, in order
        SseClient second = open(server.ticket(writer), Map.of("Last-Event-ID", lastSeen));
        await().atMost(WAIT).until(() -> domainEvents(second).size() >= 120);

        assertThat(ids(second)).isEqualTo(range(11, 130));
        publish(131, 131);
        await().atMost(WAIT).until(() -> domainEvents(second).size() == 121);
        assertThat(second.events("resync")).isEmpty();
    }

    @Test
    void a_reconnect_that_missed_more_than_five_hundred_is_told_to_resync_and_gets_the_newest_five_hundred() throws Exception {
        publish(1, 1);
        SseClient first = open(server.ticket(writer), Map.of());
        await().atMost(WAIT).until(() -> domainEvents(first).size() == 1);
        String lastSeen = first.lastEventId();
        first.close();

        publish(2, 701);
        SseClient second = open(server.ticket(writer), Map.of("Last-Event-ID", lastSeen));
        await().atMost(WAIT).until(() -> domainEvents(second).size() == 500);

        assertThat(second.events().get(0).event()).isEqualTo("resync");
        assertThat(ids(second)).isEqualTo(range(202, 701));
    }

    @Test
    void the_third_stream_of_a_writer_is_refused_with_429_and_retry_after_thirty_seconds() throws Exception {
        open(server.ticket(writer), Map.of());
        open(server.ticket(writer), Map.of());

        SseClient third = open(server.ticket(writer), Map.of());

        assertThat(third.status()).isEqualTo(429);
        assertThat(third.headers().firstValue("Retry-After")).contains("30");
        assertThat(third.headers().firstValue("Content-Type")).contains("application/problem+json");
        assertThat(third.errorBody()).contains("\"type\":\"urn:fabula:problem:rate-limited\"").contains("\"status\":429");
    }

    @Test
    void a_closed_stream_makes_room_for_a_new_one() throws Exception {
        open(server.ticket(writer), Map.of());
        SseClient second = open(server.ticket(writer), Map.of());
        await().atMost(WAIT).until(() -> second.comments().contains("connected"));
        second.close();

        await().atMost(WAIT).until(() -> {
            SseClient again = SseClient.open(server.stream(server.ticket(writer)));
            clients.add(again);
            return again.status() == 200;
        });
    }

    @Test
    void a_tab_that_reconnects_replaces_its_own_older_stream_even_at_the_limit() throws Exception {
        SseClient tabA = open(server.ticket(writer), Map.of("X-Tab-ID", "tab-a"));
        open(server.ticket(writer), Map.of("X-Tab-ID", "tab-b"));

        SseClient tabAAgain = open(server.ticket(writer), Map.of("X-Tab-ID", "tab-a"));

        assertThat(tabAAgain.status()).isEqualTo(200);
        await().atMost(WAIT).until(tabA::ended);
        assertThat(tabA.events("replaced")).hasSize(1);
        assertThat(open(server.ticket(writer), Map.of("X-Tab-ID", "tab-c")).status()).isEqualTo(429);
    }

    @Test
    void preflight_answers_204_or_429_without_opening_or_using_up_the_ticket() throws Exception {
        String ticket = server.ticket(writer);
        assertThat(preflight(ticket, null)).isEqualTo(204);
        open(ticket, Map.of());
        open(server.ticket(writer), Map.of("X-Tab-ID", "tab-b"));

        String another = server.ticket(writer);
        assertThat(preflight(another, null)).isEqualTo(429);
        assertThat(preflight(another, "tab-b")).isEqualTo(204);
        assertThat(open(another, Map.of("X-Tab-ID", "tab-b")).status()).isEqualTo(200);
    }

    @Test
    void a_ticket_opens_one_stream_only() throws Exception {
        String ticket = server.ticket(writer);
        open(ticket, Map.of());

        SseClient reused = open(ticket, Map.of());

        assertThat(reused.status()).isEqualTo(401);
        assertThat(reused.errorBody()).contains("already used");
    }

    @Test
    void a_stream_without_a_ticket_or_with_an_unknown_one_is_unauthorized() {
        SseClient none = SseClient.open(server.uri("/api/v1/events/stream"));
        SseClient unknown = SseClient.open(server.stream("made-up"));

        assertThat(none.status()).isEqualTo(401);
        assertThat(none.errorBody()).contains("sse_token is required");
        assertThat(unknown.status()).isEqualTo(401);
        assertThat(unknown.headers().firstValue("Content-Type")).contains("application/problem+json");
    }

    @Test
    void a_malformed_last_event_id_or_tab_id_is_a_validation_problem() throws Exception {
        SseClient badId = open(server.ticket(writer), Map.of("Last-Event-ID", "yesterday"));
        SseClient badTab = open(server.ticket(writer), Map.of("X-Tab-ID", "a|b"));

        assertThat(badId.status()).isEqualTo(400);
        assertThat(badId.errorBody()).contains("Last-Event-ID");
        assertThat(badTab.status()).isEqualTo(400);
        assertThat(badTab.errorBody()).contains("X-Tab-ID");
    }

    @Test
    void idle_streams_are_pinged() throws Exception {
        SseClient client = open(server.ticket(writer), Map.of());

        await().atMost(WAIT).until(() -> client.comments().stream().filter("ping"::equals).count() >= 2);
    }

    @Test
    void token_deltas_reach_the_writers_streams_live_without_an_id() throws Exception {
        SseClient client = open(server.ticket(writer), Map.of());
        await().atMost(WAIT).until(() -> client.comments().contains("connected"));

        server.feed.stream(new TokenDelta(new SessionId(UUID.randomUUID()), writer, Stage.CONCEPT, "outline", "run-1",
                0, "A lighthouse", false));

        await().atMost(WAIT).until(() -> client.events("token").size() == 1);
        SseClient.Event token = client.events("token").get(0);
        assertThat(token.id()).isNull();
        assertThat(token.data()).contains("\"text\":\"A lighthouse\"").contains("\"run_id\":\"run-1\"");
    }

    @Test
    void a_writer_never_receives_another_writers_messages() throws Exception {
        SseClient client = open(server.ticket(writer), Map.of());
        await().atMost(WAIT).until(() -> client.comments().contains("connected"));

        server.feed.publish(new UserId(UUID.randomUUID()), new LiveMessage("other", "Genesis.Session.Started", "{}"));
        publish(1, 1);

        await().atMost(WAIT).until(() -> domainEvents(client).size() == 1);
        assertThat(ids(client)).containsExactly("m1");
    }

    @Test
    void events_health_reports_up_and_the_open_connections() throws Exception {
        HttpResponse<String> health = LiveTestServer.HTTP.send(HttpRequest.newBuilder(server.uri("/api/v1/events/health"))
                .build(), HttpResponse.BodyHandlers.ofString());

        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).contains("\"status\":\"UP\"").contains("\"connections\":");
    }

    private SseClient open(String ticket, Map<String, String> headers) {
        SseClient client = SseClient.open(server.stream(ticket), headers);
        clients.add(client);
        return client;
    }

    private int preflight(String ticket, String tab) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(server.uri("/api/v1/events/stream?preflight=true&sse_token=" + ticket))
                .header("Accept", "text/event-stream");
        if (tab != null) {
            request.header("X-Tab-ID", tab);
        }
        return LiveTestServer.HTTP.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private void publish(int from, int to) {
        IntStream.rangeClosed(from, to).forEach(i -> server.feed.publish(writer,
                new LiveMessage("m" + i, "Genesis.Session.Theme.Proposed", "{\"message_id\":\"m" + i + "\"}")));
    }

    private static List<SseClient.Event> domainEvents(SseClient client) {
        return client.events("Genesis.Session.Theme.Proposed");
    }

    private static List<String> ids(SseClient client) {
        return domainEvents(client).stream().map(event -> event.data().replaceAll(".*\"message_id\":\"([^\"]+)\".*", "$1")).toList();
    }

    private static List<String> range(int from, int to) {
        return IntStream.rangeClosed(from, to).mapToObj(i -> "m" + i).toList();
    }
}
