package io.fabula.app;

import static io.dropwizard.testing.ConfigOverride.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dropwizard.jackson.Jackson;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.DropwizardTestSupport;
import io.fabula.infra.Endpoints;
import io.fabula.infra.NativeServers;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The whole application in-process on a migrated database of its own (real PostgreSQL and Redis; Kafka,
 * Neo4j and Milvus on closed ports: the API must not need them to serve), with a small HTTP client that
 * remembers every exchange for the OpenAPI contract check.
 */
final class ApiServer implements AutoCloseable {
    static final ObjectMapper JSON = Jackson.newObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final DropwizardTestSupport<FabulaConfiguration> app;
    final MigratedDatabase database;
    final List<Exchange> exchanges = Collections.synchronizedList(new ArrayList<>());

    /** One request and its answer, for the contract test. */
    record Exchange(String method, String path, int status, String contentType, String body) {
    }

    /** An answer: status, headers, body. */
    record Answer(int status, HttpResponse<String> raw) {
        String header(String name) {
            return raw.headers().firstValue(name).orElse(null);
        }

        String body() {
            return raw.body();
        }

        JsonNode json() {
            try {
                return JSON.readTree(raw.body());
            } catch (IOException e) {
                throw new AssertionError("not JSON: " + raw.body(), e);
            }
        }

        String contentType() {
            return header("Content-Type");
        }
    }

    ApiServer(Endpoints.Postgres postgres, Endpoints.Redis redis, ConfigOverride... more) throws Exception {
        database = MigratedDatabase.create(postgres, "api");
        String closed = "127.0.0.1:" + NativeServers.freePort();
        List<ConfigOverride> overrides = new ArrayList<>(List.of(
                config("postgres.url", database.jdbcUrl()),
                config("postgres.user", postgres.user()),
                config("postgres.password", postgres.password()),
                config("redis.host", redis.host()),
                config("redis.port", String.valueOf(redis.port())),
                config("kafka.bootstrapServers", closed),
                config("neo4j.uri", "bolt://" + closed),
                config("milvus.uri", "http://" + closed)));
        overrides.addAll(List.of(more));
        app = new DropwizardTestSupport<>(FabulaApplication.class, RepoFiles.file("config-test.yml").toString(),
                overrides.toArray(ConfigOverride[]::new));
        app.before();
    }

    String baseUrl() {
        return "http://127.0.0.1:" + app.getLocalPort();
    }

    String adminUrl() {
        return "http://127.0.0.1:" + app.getAdminPort();
    }

    Answer send(String method, String path, String token, Map<String, String> headers, Object body) {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl() + path)).timeout(Duration.ofSeconds(30));
            if (token != null) {
                request.header("Authorization", "Bearer " + token);
            }
            headers.forEach(request::header);
            if (body == null) {
                request.method(method, HttpRequest.BodyPublishers.noBody());
            } else {
                String text = body instanceof String s ? s : JSON.writeValueAsString(body);
                if (!headers.containsKey("Content-Type")) {
                    request.header("Content-Type", "application/json");
                }
                request.method(method, HttpRequest.BodyPublishers.ofString(text));
            }
            HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            exchanges.add(new Exchange(method, URI.create(path).getPath(), response.statusCode(),
                    response.headers().firstValue("Content-Type").orElse(null), response.body()));
            return new Answer(response.statusCode(), response);
        } catch (IOException e) {
            throw new AssertionError(method + " " + path + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    Answer get(String path, String token) {
        return send("GET", path, token, Map.of(), null);
    }

    Answer post(String path, String token, Object body) {
        return send("POST", path, token, Map.of(), body);
    }

    /** Registers a new writer and logs in: the access token. */
    Writer writer(String name) {
        String email = name + "-" + UUID.randomUUID() + "@example.com";
        Answer registered = post("/api/v1/auth/register", null,
                Map.of("email", email, "password", "correct horse battery", "display_name", name));
        if (registered.status() != 201) {
            throw new AssertionError("register: " + registered.status() + " " + registered.body());
        }
        return login(email);
    }

    Writer login(String email) {
        Answer login = post("/api/v1/auth/login", null, Map.of("email", email, "password", "correct horse battery"));
        if (login.status() != 200) {
            throw new AssertionError("login: " + login.status() + " " + login.body());
        }
        return new Writer(email, login.json().get("user_id").asText(), login.json().get("access_token").asText(),
                login.json().get("refresh_token").asText());
    }

    /** Registers a writer, makes them admin through the admin task, logs them in again. */
    Writer admin(String name) throws Exception {
        Writer writer = writer(name);
        HttpResponse<String> task = HTTP.send(HttpRequest.newBuilder(URI.create(adminUrl() + "/tasks/user-role?email="
                        + java.net.URLEncoder.encode(writer.email(), java.nio.charset.StandardCharsets.UTF_8) + "&role=admin"))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        if (task.statusCode() != 200) {
            throw new AssertionError("user-role task: " + task.statusCode() + " " + task.body());
        }
        return login(writer.email());
    }

    record Writer(String email, String userId, String token, String refreshToken) {
    }

    /** Starts a session for the writer: its id. */
    String session(Writer writer, String seed) {
        Answer created = send("POST", "/api/v1/genesis/sessions", writer.token(),
                Map.of("Idempotency-Key", UUID.randomUUID().toString()), Map.of("seed_idea", seed));
        if (created.status() != 201) {
            throw new AssertionError("create session: " + created.status() + " " + created.body());
        }
        return created.json().get("session_id").asText();
    }

    @Override
    public void close() {
        app.after();
    }
}
