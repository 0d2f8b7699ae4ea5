package io.fabula.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabula.app.ApiServer.Answer;
import io.fabula.app.ApiServer.Writer;
import io.fabula.infra.Endpoints;
import io.fabula.testsupport.Server;
import io.fabula.testsupport.WithInfra;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every endpoint × {anonymous, another writer, the owner, an admin} → the expected status (issue 6). The
 * endpoints of the sessions API are listed here; every other endpoint of the OpenAPI document is swept by
 * rule, so a resource someone adds later is checked too: session-scoped ones are the owner's only (404 for
 * anyone else, never 403), {@code /admin} ones the admin's only (403 for writers), and everything that asks
 * for a token says 401 without one.
 */
@WithInfra({Server.POSTGRES, Server.REDIS})
class AuthorizationMatrixIT {
    private static ApiServer api;
    private static Writer owner;
    private static Writer other;
    private static Writer admin;
    private static String session;
    private static String command;

    /** Who asks. */
    enum Who { ANONYMOUS, OTHER_WRITER, OWNER, ADMIN }

    /** A request whose body/headers are made fresh for each caller (keys must not repeat). */
    record Call(String method, String path, Supplier<Map<String, String>> headers, Supplier<Object> body) {
    }

    @BeforeAll
    static void start(Endpoints.Postgres postgres, Endpoints.Redis redis) throws Exception {
        api = new ApiServer(postgres, redis);
        owner = api.writer("owner");
        other = api.writer("other");
        admin = api.admin("admin");
        session = api.session(owner, "the owner's seed");
        command = "matrix-" + UUID.randomUUID();
        Answer sent = api.send("POST", "/api/v1/genesis/sessions/" + session + "/commands", owner.token(),
                Map.of("Idempotency-Key", command, "If-Match", "1"),
                Map.of("type", "SubmitMessage", "payload", Map.of("text", "hello")));
        assertThat(sent.status()).isEqualTo(202);
    }

    @AfterAll
    static void stop() {
        if (api != null) {
            api.close();
        }
    }

    private static Map<String, String> fresh() {
        return Map.of("Idempotency-Key", "k-" + UUID.randomUUID());
    }

    /** Commands always state the current version, so a refusal can only come from who asks. */
    private static Map<String, String> freshAtCurrentVersion() {
        Answer current = api.get("/api/v1/genesis/sessions/" + session, owner.token());
        return Map.of("Idempotency-Key", "k-" + UUID.randomUUID(), "If-Match", current.header("ETag"));
    }

    @Test
    void every_endpoint_answers_each_kind_of_caller_as_expected() {
        String s = "/api/v1/genesis/sessions/" + session;
        Map<Call, Map<Who, Integer>> matrix = new LinkedHashMap<>();
        matrix.put(new Call("GET", "/api/v1/genesis/sessions", Map::of, () -> null), expect(401, 200, 200, 200));
        matrix.put(new Call("POST", "/api/v1/genesis/sessions", AuthorizationMatrixIT::fresh,
                () -> Map.of("seed_idea", "a seed")), expect(401, 201, 201, 201));
        matrix.put(new Call("GET", s, Map::of, () -> null), expect(401, 404, 200, 404));
        matrix.put(new Call("POST", s + "/commands", AuthorizationMatrixIT::freshAtCurrentVersion,
                () -> Map.of("type", "SubmitMessage", "payload", Map.of("text", "hi"))), expect(401, 404, 202, 404));
        matrix.put(new Call("GET", s + "/commands/" + command, Map::of, () -> null), expect(401, 404, 200, 404));
        matrix.put(new Call("POST", s + "/messages", AuthorizationMatrixIT::freshAtCurrentVersion,
                () -> Map.of("text", "hi")), expect(401, 404, 202, 404));
        matrix.put(new Call("GET", s + "/rounds", Map::of, () -> null), expect(401, 404, 200, 404));
        matrix.put(new Call("GET", s + "/bible", Map::of, () -> null), expect(401, 404, 200, 404));
        matrix.put(new Call("POST", "/api/v1/auth/logout", Map::of, () -> Map.of("refresh_token", "unknown")),
                expect(401, 204, 204, 204));
        matrix.put(new Call("GET", "/api/v1/openapi.json", Map::of, () -> null), expect(200, 200, 200, 200));
        matrix.put(new Call("GET", "/health", Map::of, () -> null), expect(200, 200, 200, 200));
        sweepTheRestOfTheDocument(matrix);

        List<String> wrong = new ArrayList<>();
        matrix.forEach((call, expected) -> expected.forEach((who, status) -> {
            Answer answer = api.send(call.method(), call.path(), token(who), call.headers().get(), call.body().get());
            if (answer.status() != status) {
                wrong.add(call.method() + " " + call.path() + " as " + who + ": expected " + status + " but was "
                        + answer.status() + " " + answer.body());
            }
            if (answer.status() >= 400) {
                assertThat(answer.contentType()).as(call.method() + " " + call.path() + " as " + who)
                        .startsWith("application/problem+json");
            }
        }));
        assertThat(wrong).isEmpty();
        assertThat(matrix.size()).isGreaterThanOrEqualTo(11);
    }

    /** Endpoints of others (story, admin, SSE, notifications...) by rule, read from the OpenAPI document. */
    private static void sweepTheRestOfTheDocument(Map<Call, Map<Who, Integer>> matrix) {
        Set<String> listed = Set.of("/api/v1/genesis/sessions", "/api/v1/genesis/sessions/{sessionId}",
                "/api/v1/genesis/sessions/{sessionId}/commands", "/api/v1/genesis/sessions/{sessionId}/commands/{commandId}",
                "/api/v1/genesis/sessions/{sessionId}/messages", "/api/v1/genesis/sessions/{sessionId}/rounds",
                "/api/v1/genesis/sessions/{sessionId}/bible");
        JsonNode paths = api.get("/api/v1/openapi.json", null).json().get("paths");
        paths.fields().forEachRemaining(path -> {
            JsonNode get = path.getValue().get("get");
            String template = path.getKey();
            if (get == null || listed.contains(template) || !get.has("security")) {
                return;
            }
            Map<String, String> query = new HashMap<>();
            if (get.has("parameters")) {
                for (JsonNode parameter : get.get("parameters")) {
                    if ("query".equals(parameter.path("in").asText()) && parameter.path("required").asBoolean()) {
                        query.put(parameter.get("name").asText(), "lighthouse");
                    }
                }
            }
            String concrete = template.replace("{sessionId}", session);
            if (concrete.contains("{")) {
                return; // other path parameters: covered by their own tests
            }
            StringBuilder url = new StringBuilder(concrete);
            query.forEach((name, value) -> url.append(url.indexOf("?") < 0 ? '?' : '&').append(name).append('=').append(value));
            Map<Who, Integer> expected;
            if (template.startsWith("/api/v1/admin")) {
                expected = expect(401, 403, 403, 200);
            } else if (template.contains("{sessionId}")) {
                expected = expect(401, 404, 200, 404);
            } else {
                expected = expect(401, 200, 200, 200);
            }
            matrix.put(new Call("GET", url.toString(), Map::of, () -> null), expected);
        });
    }

    private static Map<Who, Integer> expect(int anonymous, int otherWriter, int theOwner, int anAdmin) {
        Map<Who, Integer> expected = new LinkedHashMap<>();
        expected.put(Who.ANONYMOUS, anonymous);
        expected.put(Who.OTHER_WRITER, otherWriter);
        expected.put(Who.OWNER, theOwner);
        expected.put(Who.ADMIN, anAdmin);
        return expected;
    }

    private static String token(Who who) {
        return switch (who) {
            case ANONYMOUS -> null;
            case OTHER_WRITER -> other.token();
            case OWNER -> owner.token();
            case ADMIN -> admin.token();
        };
    }
}
