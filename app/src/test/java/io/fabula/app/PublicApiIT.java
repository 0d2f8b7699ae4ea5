package io.fabula.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabula.app.ApiServer.Answer;
import io.fabula.app.ApiServer.Writer;
import io.fabula.app.wiring.CommandPath;
import io.fabula.application.session.CommandLimits;
import io.fabula.application.session.CommandOutcome;
import io.fabula.domain.id.CommandId;
import io.fabula.domain.id.CorrelationId;
import io.fabula.domain.id.SessionId;
import io.fabula.domain.id.UserId;
import io.fabula.domain.session.CommandMeta;
import io.fabula.domain.session.ExpectedVersion;
import io.fabula.domain.session.SessionCommand;
import io.fabula.domain.stage.Stage;
import io.fabula.infra.Endpoints;
import io.fabula.testsupport.Server;
import io.fabula.testsupport.WithInfra;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Test;

/**
 * The public API end to end on a real PostgreSQL (issue 6): register → login → start a session → command →
 * its status, and every way a session request can go wrong, each answered as a problem.
 */
@WithInfra({Server.POSTGRES, Server.REDIS})
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PublicApiIT {
    private static ApiServer api;

    @BeforeAll
    static void start(Endpoints.Postgres postgres, Endpoints.Redis redis) throws Exception {
        api = new ApiServer(postgres, redis);
    }

    @AfterAll
    static void stop() {
        if (api != null) {
            api.close();
        }
    }

    @Test
    void a_writer_registers_logs_in_starts_a_session_sends_a_command_and_reads_its_status() {
        String email = "ada-" + UUID.randomUUID() + "@example.com";
        Answer registered = api.post("/api/v1/auth/register", null,
                Map.of("email", email, "password", "correct horse battery", "display_name", "Ada"));
        assertThat(registered.status()).isEqualTo(201);
        Writer ada = api.login(email);

        String key = UUID.randomUUID().toString();
        Answer created = api.send("POST", "/api/v1/genesis/sessions", ada.token(), Map.of("Idempotency-Key", key),
                Map.of("seed_idea", "A lighthouse keeper finds the sea has stopped moving"));
        assertThat(created.status()).isEqualTo(201);
        String session = created.json().get("session_id").asText();
        assertThat(created.header("Location")).endsWith("/api/v1/genesis/sessions/" + session);
        assertThat(created.header("ETag")).isEqualTo("\"1\"");
        assertThat(created.json().get("status").asText()).isEqualTo("ACTIVE");
        assertThat(created.json().get("stages").get("CONCEPT").asText()).isEqualTo("IN_PROGRESS");

        Answer again = api.send("POST", "/api/v1/genesis/sessions", ada.token(), Map.of("Idempotency-Key", key),
                Map.of("seed_idea", "A lighthouse keeper finds the sea has stopped moving"));
        assertThat(again.status()).isEqualTo(201);
        assertThat(again.json().get("session_id").asText()).isEqualTo(session);

        String commandKey = UUID.randomUUID().toString();
        Answer command = command(ada, session, commandKey, "\"1\"", "SubmitMessage", Map.of("text", "make the keeper older"));
        assertThat(command.status()).isEqualTo(202);
        assertThat(command.header("Location")).endsWith("/api/v1/genesis/sessions/" + session + "/commands/" + commandKey);
        assertThat(command.header("ETag")).isEqualTo("\"2\"");
        assertThat(command.json().get("status").asText()).isEqualTo("COMPLETED");
        assertThat(command.json().get("version").asLong()).isEqualTo(2);
        assertThat(command.json().get("events")).isNotEmpty();

        Answer status = api.get(path(command.header("Location")), ada.token());
        assertThat(status.status()).isEqualTo(200);
        assertThat(status.json().get("status").asText()).isEqualTo("COMPLETED");
        assertThat(status.json().get("type").asText()).isEqualTo("SubmitMessage");
        assertThat(status.json().get("events").get(0).get("event_type").asText()).isEqualTo("Genesis.Session.MessageSubmitted");

        Answer read = api.get("/api/v1/genesis/sessions/" + session, ada.token());
        assertThat(read.status()).isEqualTo(200);
        assertThat(read.header("ETag")).isEqualTo("\"2\"");
    }

    @Test
    void the_same_idempotency_key_replays_the_first_result_and_writes_nothing_new() {
        Writer bea = api.writer("bea");
        String session = api.session(bea, "seed");
        String key = UUID.randomUUID().toString();

        Answer first = command(bea, session, key, "\"1\"", "SubmitMessage", Map.of("text", "hello"));
        Answer second = command(bea, session, key, "\"1\"", "SubmitMessage", Map.of("text", "hello"));

        assertThat(second.status()).isEqualTo(202);
        assertThat(second.json().get("replayed").asBoolean()).isTrue();
        assertThat(second.json().get("events")).isEqualTo(first.json().get("events"));
        assertThat(api.get("/api/v1/genesis/sessions/" + session, bea.token()).json().get("version").asLong()).isEqualTo(2);

        Answer otherRequest = command(bea, session, key, "\"2\"", "SubmitMessage", Map.of("text", "something else"));
        assertThat(otherRequest.status()).isEqualTo(422);
        assertProblem(otherRequest, "validation");
    }

    @Test
    void a_stale_if_match_is_a_409_telling_the_current_version() {
        Writer cy = api.writer("cy");
        String session = api.session(cy, "seed");
        command(cy, session, UUID.randomUUID().toString(), "\"1\"", "SubmitMessage", Map.of("text", "one"));

        Answer stale = command(cy, session, UUID.randomUUID().toString(), "\"1\"", "SubmitMessage", Map.of("text", "two"));

        assertThat(stale.status()).isEqualTo(409);
        assertProblem(stale, "conflict");
        assertThat(stale.json().get("current_version").asLong()).isEqualTo(2);
    }

    @Test
    void if_match_and_idempotency_key_are_required_and_checked() {
        Writer dee = api.writer("dee");
        String session = api.session(dee, "seed");
        String commands = "/api/v1/genesis/sessions/" + session + "/commands";
        Map<String, Object> body = Map.of("type", "PauseSession", "payload", Map.of());

        Answer noIfMatch = api.send("POST", commands, dee.token(), Map.of("Idempotency-Key", "k-" + UUID.randomUUID()), body);
        Answer badIfMatch = api.send("POST", commands, dee.token(),
                Map.of("Idempotency-Key", "k-" + UUID.randomUUID(), "If-Match", "\"latest\""), body);
        Answer noKey = api.send("POST", commands, dee.token(), Map.of("If-Match", "\"1\""), body);
        Answer badKey = api.send("POST", commands, dee.token(), Map.of("If-Match", "\"1\"", "Idempotency-Key", "a b/c"), body);

        assertThat(noIfMatch.status()).isEqualTo(428);
        assertProblem(noIfMatch, "precondition-required");
        assertThat(badIfMatch.status()).isEqualTo(400);
        assertThat(noKey.status()).isEqualTo(400);
        assertThat(noKey.json().get("errors").get(0).get("field").asText()).isEqualTo("Idempotency-Key");
        assertThat(badKey.status()).isEqualTo(400);
    }

    @Test
    void unknown_types_bad_payloads_and_workers_commands_are_refused_with_422() {
        Writer eve = api.writer("eve");
        String session = api.session(eve, "seed");

        Answer unknown = command(eve, session, UUID.randomUUID().toString(), "\"1\"", "DeleteEverything", Map.of());
        Answer badStage = command(eve, session, UUID.randomUUID().toString(), "\"1\"", "RequestProposal",
                Map.of("stage", "EPILOGUE"));
        Answer worker = command(eve, session, UUID.randomUUID().toString(), "\"1\"", "RecordProposal",
                Map.of("stage", "CONCEPT", "content", "forged"));
        Answer start = command(eve, session, UUID.randomUUID().toString(), "\"1\"", "StartSession", Map.of());

        Map<String, Object> withNull = new java.util.HashMap<>();
        withNull.put("stage", null);
        Answer nullStage = command(eve, session, UUID.randomUUID().toString(), "\"1\"", "ConfirmStage", withNull);

        for (Answer answer : List.of(unknown, badStage, worker, start, nullStage)) {
            assertThat(answer.status()).isEqualTo(422);
            assertProblem(answer, "validation");
        }
        assertThat(unknown.json().get("detail").asText()).contains("DeleteEverything");
        assertThat(badStage.json().get("detail").asText()).contains("EPILOGUE");
    }

    @Test
    void a_command_the_state_does_not_allow_is_a_409_and_its_status_says_failed_and_why() {
        Writer fay = api.writer("fay");
        String session = api.session(fay, "seed");
        String key = UUID.randomUUID().toString();

        Answer refused = command(fay, session, key, "\"1\"", "ConfirmStage", Map.of("stage", "CONCEPT"));
        assertThat(refused.status()).isEqualTo(409);

        Answer status = api.get("/api/v1/genesis/sessions/" + session + "/commands/" + key, fay.token());
        assertThat(status.status()).isEqualTo(200);
        assertThat(status.json().get("status").asText()).isEqualTo("FAILED");
        assertThat(status.json().get("failure").get("kind").asText()).isEqualTo("CONFLICT");
    }

    @Test
    void messages_are_submitted_and_show_up_in_the_rounds() {
        Writer gil = api.writer("gil");
        String session = api.session(gil, "a seed");

        Answer message = api.send("POST", "/api/v1/genesis/sessions/" + session + "/messages", gil.token(),
                Map.of("Idempotency-Key", UUID.randomUUID().toString(), "If-Match", "1"), Map.of("text", "darker, please"));
        assertThat(message.status()).isEqualTo(202);
        assertThat(message.header("Location")).contains("/commands/");

        Answer rounds = api.get("/api/v1/genesis/sessions/" + session + "/rounds", gil.token());
        assertThat(rounds.status()).isEqualTo(200);
        List<String> inputs = new ArrayList<>();
        rounds.json().get("items").forEach(round -> inputs.add(round.get("input").asText()));
        assertThat(inputs).containsExactly("a seed", "darker, please");

        Answer empty = api.send("POST", "/api/v1/genesis/sessions/" + session + "/messages", gil.token(),
                Map.of("Idempotency-Key", UUID.randomUUID().toString(), "If-Match", "2"), Map.of("text", " "));
        assertThat(empty.status()).isEqualTo(422);
        assertThat(empty.json().get("errors").get(0).get("field").asText()).isEqualTo("text");
    }

    @Test
    void the_list_shows_only_the_callers_sessions_newest_first_page_by_page() {
        Writer hal = api.writer("hal");
        Writer other = api.writer("other");
        List<String> mine = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            mine.add(0, api.session(hal, "seed " + i));
        }
        api.session(other, "not hal's");

        List<String> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            Answer page = api.get("/api/v1/genesis/sessions?limit=2" + (cursor == null ? "" : "&cursor=" + cursor), hal.token());
            assertThat(page.status()).isEqualTo(200);
            page.json().get("items").forEach(item -> seen.add(item.get("session_id").asText()));
            cursor = page.json().get("next_cursor").isNull() ? null : page.json().get("next_cursor").asText();
            pages++;
        } while (cursor != null && pages < 10);

        assertThat(seen).containsExactlyElementsOf(mine);
        assertThat(pages).isEqualTo(3);
        assertThat(api.get("/api/v1/genesis/sessions?limit=0", hal.token()).status()).isEqualTo(400);
        assertThat(api.get("/api/v1/genesis/sessions?limit=101", hal.token()).status()).isEqualTo(400);
        assertThat(api.get("/api/v1/genesis/sessions?cursor=not*a*cursor", hal.token()).status()).isEqualTo(400);
    }

    @Test
    void the_bible_holds_the_content_of_each_locked_stage() {
        Writer ivy = api.writer("ivy");
        String session = api.session(ivy, "a city that forgets one street every night");
        // the concept agent's result, recorded the way the orchestrator records it
        CommandPath worker = CommandPath.on(api.database.jdbi(), Clock.systemUTC(), CommandLimits.defaults(), "test-worker");
        CommandOutcome proposed = worker.commands().handle(new SessionCommand.RecordProposal(
                new CommandMeta(new CommandId("proposal-" + UUID.randomUUID()), SessionId.of(session), ExpectedVersion.any(),
                        UserId.of(ivy.userId()), new CorrelationId("test"), null),
                Stage.CONCEPT, "Every night one street of the city is forgotten by everyone but one girl.", 8.5, List.of()));
        assertThat(proposed).isInstanceOf(CommandOutcome.Accepted.class);

        Answer before = api.get("/api/v1/genesis/sessions/" + session + "/bible", ivy.token());
        assertThat(before.json().get("stages").get(0).get("content").isNull()).isTrue();

        Answer confirmed = command(ivy, session, UUID.randomUUID().toString(), "\"2\"", "ConfirmStage", Map.of("stage", "CONCEPT"));
        assertThat(confirmed.status()).isEqualTo(202);

        Answer bible = api.get("/api/v1/genesis/sessions/" + session + "/bible", ivy.token());
        assertThat(bible.status()).isEqualTo(200);
        JsonNode concept = bible.json().get("stages").get(0);
        assertThat(concept.get("stage").asText()).isEqualTo("CONCEPT");
        assertThat(concept.get("state").asText()).isEqualTo("LOCKED");
        assertThat(concept.get("content").asText()).startsWith("Every night one street");
        assertThat(bible.json().get("complete").asBoolean()).isFalse();
        assertThat(bible.json().get("stages").get(1).get("content").isNull()).isTrue();
    }

    @Test
    void an_unknown_or_malformed_session_id_is_404_and_unknown_routes_and_methods_are_problems() {
        Writer jo = api.writer("jo");

        assertThat(api.get("/api/v1/genesis/sessions/" + UUID.randomUUID(), jo.token()).status()).isEqualTo(404);
        assertThat(api.get("/api/v1/genesis/sessions/not-a-uuid", jo.token()).status()).isEqualTo(404);
        Answer route = api.get("/api/v1/nothing/here", jo.token());
        assertThat(route.status()).isEqualTo(404);
        assertProblem(route, "not-found");
        Answer method = api.send("DELETE", "/api/v1/genesis/sessions", jo.token(), Map.of(), null);
        assertThat(method.status()).isEqualTo(405);
        assertThat(method.header("Allow")).contains("GET").contains("POST");
        Answer media = api.send("POST", "/api/v1/auth/login", null, Map.of("Content-Type", "text/plain"), "hello");
        assertThat(media.status()).isEqualTo(415);
        assertProblem(media, "unsupported-media-type");
        Answer suspicious = api.get("/api/v1/genesis/sessions/G%19/rounds", jo.token());
        assertThat(suspicious.status()).isEqualTo(400);
        assertThat(suspicious.contentType()).startsWith("application/problem+json");
        assertThat(suspicious.json().get("status").asInt()).isEqualTo(400);
        Answer malformed = api.send("POST", "/api/v1/auth/login", null, Map.of(), "{\"email\": ");
        assertThat(malformed.status()).isEqualTo(400);
        assertProblem(malformed, "malformed-body");
    }

    @Test
    void a_refresh_token_rotates_on_real_postgresql_and_its_reuse_revokes_the_login() {
        Writer kim = api.writer("kim");

        Answer rotated = api.post("/api/v1/auth/refresh", null, Map.of("refresh_token", kim.refreshToken()));
        assertThat(rotated.status()).isEqualTo(200);
        String next = rotated.json().get("refresh_token").asText();
        Answer reused = api.post("/api/v1/auth/refresh", null, Map.of("refresh_token", kim.refreshToken()));
        assertThat(reused.status()).isEqualTo(401);
        assertThat(api.post("/api/v1/auth/refresh", null, Map.of("refresh_token", next)).status()).isEqualTo(401);

        Answer newAccess = api.get("/api/v1/genesis/sessions", rotated.json().get("access_token").asText());
        assertThat(newAccess.status()).isEqualTo(200); // access tokens stay valid until they expire
    }

    @Test
    void the_openapi_document_lists_every_endpoint_of_the_api() {
        Answer document = api.get("/api/v1/openapi.json", null);

        assertThat(document.status()).isEqualTo(200);
        assertThat(document.json().get("openapi").asText()).startsWith("3.1");
        Set<String> paths = new HashSet<>();
        document.json().get("paths").fieldNames().forEachRemaining(paths::add);
        assertThat(paths).contains("/api/v1/auth/register", "/api/v1/auth/login", "/api/v1/auth/refresh",
                "/api/v1/auth/logout", "/api/v1/genesis/sessions", "/api/v1/genesis/sessions/{sessionId}",
                "/api/v1/genesis/sessions/{sessionId}/commands",
                "/api/v1/genesis/sessions/{sessionId}/commands/{commandId}",
                "/api/v1/genesis/sessions/{sessionId}/messages", "/api/v1/genesis/sessions/{sessionId}/rounds",
                "/api/v1/genesis/sessions/{sessionId}/bible");
        assertThat(document.json().at("/paths/~1api~1v1~1genesis~1sessions/get/security/0/bearer").isArray()).isTrue();
        assertThat(document.json().at("/paths/~1api~1v1~1auth~1login/post/security").isMissingNode()).isTrue();
        assertThat(document.json().at("/components/securitySchemes/bearer/scheme").asText()).isEqualTo("bearer");
    }

    @Test
    @Order(Integer.MAX_VALUE)
    void every_answer_given_above_conforms_to_the_openapi_document() {
        OpenApiContract contract = new OpenApiContract(api.get("/api/v1/openapi.json", null).json());

        List<String> violations = contract.violations(List.copyOf(api.exchanges));

        assertThat(violations).isEmpty();
        assertThat(contract.checked()).isGreaterThan(60);
    }

    private static Answer command(Writer writer, String session, String key, String ifMatch, String type, Map<String, ?> payload) {
        return api.send("POST", "/api/v1/genesis/sessions/" + session + "/commands", writer.token(),
                Map.of("Idempotency-Key", key, "If-Match", ifMatch), Map.of("type", type, "payload", payload));
    }

    private static String path(String location) {
        return java.net.URI.create(location).getRawPath();
    }

    static void assertProblem(Answer answer, String kind) {
        assertThat(answer.contentType()).startsWith("application/problem+json");
        assertThat(answer.json().get("type").asText()).isEqualTo("urn:fabula:problem:" + kind);
        assertThat(answer.json().get("status").asInt()).isEqualTo(answer.status());
        assertThat(answer.json().get("detail").asText()).isNotBlank();
    }
}
