package io.fabula.app;

import static io.dropwizard.testing.ConfigOverride.config;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dropwizard.jackson.Jackson;
import io.dropwizard.testing.DropwizardTestSupport;
import io.fabula.application.switches.Switch;
import io.fabula.infra.Endpoints;
import io.fabula.testsupport.Server;
import io.fabula.testsupport.WithInfra;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The operator's surfaces on two real application instances ("server A" and "server B") sharing one
 * PostgreSQL and one Redis: {@code /api/v1/admin/config}, {@code /api/v1/admin/budget}, the admin task
 * {@code /tasks/flag} and {@code flags set}; a change made on one is applied by the other within 2 s.
 */
@WithInfra({Server.POSTGRES, Server.REDIS, Server.KAFKA, Server.NEO4J, Server.MILVUS})
class AdminOperationsIT {
    private static final ObjectMapper JSON = Jackson.newObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final List<DropwizardTestSupport<FabulaConfiguration>> APPS = new ArrayList<>();
    private static DropwizardTestSupport<FabulaConfiguration> a;
    private static DropwizardTestSupport<FabulaConfiguration> b;
    private static String adminToken;
    private static String writerToken;

    @BeforeAll
    static void twoServersAndTwoUsers(Endpoints.Postgres postgres, Endpoints.Redis redis, Endpoints.Kafka kafka,
                                      Endpoints.Neo4j neo4j, Endpoints.Milvus milvus) throws Exception {
        String url = TestDatabases.freshMigrated(postgres, "adminops");
        redisServer = redis;
        databaseUrl = url;
        postgresServer = postgres;
        String channel = "fabula:switches:" + UUID.randomUUID();
        for (int i = 0; i < 2; i++) {
            DropwizardTestSupport<FabulaConfiguration> app = new DropwizardTestSupport<>(FabulaApplication.class,
                    RepoFiles.file("config-test.yml").toString(),
                    config("postgres.url", url),
                    config("postgres.user", postgres.user()),
                    config("postgres.password", postgres.password()),
                    config("kafka.bootstrapServers", kafka.bootstrapServers()),
                    config("redis.host", redis.host()),
                    config("redis.port", String.valueOf(redis.port())),
                    config("neo4j.uri", neo4j.boltUri()),
                    config("milvus.uri", milvus.uri()),
                    config("switches.channel", channel),
                    config("budget.dailyLimitUsd", "0.05"),
                    // every role's metrics in these processes, so the alert rules' metrics can all be checked
                    config("relay.inProcess", "true"),
                    config("notifications.inProcess", "true"));
            app.before();
            APPS.add(app);
        }
        a = APPS.get(0);
        b = APPS.get(1);
        adminToken = tokenOf("admin-" + UUID.randomUUID() + "@example.org", true);
        writerToken = tokenOf("writer-" + UUID.randomUUID() + "@example.org", false);
    }

    @AfterAll
    static void stop() {
        APPS.forEach(DropwizardTestSupport::after);
    }

    private static Endpoints.Redis redisServer;
    private static String databaseUrl;
    private static Endpoints.Postgres postgresServer;

    private static String tokenOf(String email, boolean admin) throws Exception {
        Map<String, String> account = Map.of("email", email, "password", "correct horse battery", "display_name", "Ops");
        assertThat(send(a, "POST", "/api/v1/auth/register", null, JSON.writeValueAsString(account)).statusCode()).isEqualTo(201);
        if (admin) {
            HttpResponse<String> promoted = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + a.getAdminPort()
                            + "/tasks/user-role?email=" + URLEncoder.encode(email, StandardCharsets.UTF_8) + "&role=admin"))
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(promoted.statusCode()).isEqualTo(200);
        }
        HttpResponse<String> login = send(a, "POST", "/api/v1/auth/login", null,
                JSON.writeValueAsString(Map.of("email", email, "password", "correct horse battery")));
        assertThat(login.statusCode()).isEqualTo(200);
        return JSON.readTree(login.body()).get("access_token").asText();
    }

    private static HttpResponse<String> send(DropwizardTestSupport<FabulaConfiguration> app, String method, String path,
                                             String token, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.getLocalPort() + path))
                .timeout(Duration.ofSeconds(10))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> task(DropwizardTestSupport<FabulaConfiguration> app, String query) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.getAdminPort() + "/tasks/flag?" + query))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static boolean switchOn(DropwizardTestSupport<FabulaConfiguration> app, Switch which) throws Exception {
        HttpResponse<String> config = send(app, "GET", "/api/v1/admin/config", adminToken, null);
        assertThat(config.statusCode()).isEqualTo(200);
        return JSON.readTree(config.body()).get("switches").get(which.name()).asBoolean();
    }

    private static long millisUntil(DropwizardTestSupport<FabulaConfiguration> app, Switch which, boolean expected) {
        long start = System.nanoTime();
        await().atMost(Duration.ofSeconds(2)).pollInterval(Duration.ofMillis(20)).until(() -> switchOn(app, which) == expected);
        return (System.nanoTime() - start) / 1_000_000;
    }

    @Test
    void the_admin_endpoints_refuse_anonymous_callers_with_401_and_writers_with_403() throws Exception {
        for (String path : List.of("/api/v1/admin/config", "/api/v1/admin/budget", "/api/v1/admin/health")) {
            HttpResponse<String> anonymous = send(a, "GET", path, null, null);
            HttpResponse<String> writer = send(a, "GET", path, writerToken, null);
            assertThat(anonymous.statusCode()).as(path).isEqualTo(401);
            assertThat(anonymous.headers().firstValue("Content-Type")).hasValue("application/problem+json");
            assertThat(writer.statusCode()).as(path).isEqualTo(403);
            if (!path.endsWith("health")) {
                assertThat(send(a, "POST", path, writerToken, "{\"LLM_ENABLED\": false}").statusCode()).isEqualTo(403);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Switch.class)
    void a_switch_changed_through_the_api_of_one_server_is_applied_by_the_other_within_two_seconds(Switch which)
            throws Exception {
        HttpResponse<String> off = send(a, "POST", "/api/v1/admin/config", adminToken,
                "{\"" + which + "\": false, \"reason\": \"propagation drill\"}");
        assertThat(off.statusCode()).isEqualTo(200);
        long offMs = millisUntil(b, which, false);

        assertThat(send(a, "POST", "/api/v1/admin/config", adminToken, "{\"" + which + "\": true}").statusCode())
                .isEqualTo(200);
        long onMs = millisUntil(b, which, true);
        System.out.printf("admin API on A -> B: %s off in %d ms, on in %d ms%n", which, offMs, onMs);

        JsonNode audit = JSON.readTree(send(b, "GET", "/api/v1/admin/config", adminToken, null).body()).get("audit");
        assertThat(audit.get(1).get("name").asText()).isEqualTo(which.name());
        assertThat(audit.get(1).get("reason").asText()).isEqualTo("propagation drill");
        assertThat(audit.get(1).get("changed_by").asText()).startsWith("user:");
    }

    @Test
    void an_unknown_switch_or_a_value_that_is_not_a_boolean_is_a_400_problem_and_changes_nothing() throws Exception {
        for (String body : List.of("{\"COFFEE_ENABLED\": false}", "{\"LLM_ENABLED\": \"no\"}",
                "{\"EMAIL_ENABLED\": false, \"LLM_ENABLED\": 0}", "{}")) {
            HttpResponse<String> refused = send(a, "POST", "/api/v1/admin/config", adminToken, body);
            assertThat(refused.statusCode()).as(body).isEqualTo(400);
            assertThat(refused.headers().firstValue("Content-Type")).hasValue("application/problem+json");
            assertThat(JSON.readTree(refused.body()).get("detail").asText()).isNotBlank();
        }
        assertThat(switchOn(a, Switch.EMAIL_ENABLED)).isTrue();
        assertThat(switchOn(a, Switch.LLM_ENABLED)).isTrue();
    }

    @Test
    void the_admin_task_changes_a_switch_for_every_server_and_refuses_bad_input_with_400() throws Exception {
        HttpResponse<String> unknown = task(a, "name=COFFEE_ENABLED&value=false");
        HttpResponse<String> notBoolean = task(a, "name=VECTOR_SEARCH_ENABLED&value=maybe");
        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(unknown.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/problem+json");
        assertThat(unknown.body()).contains("COFFEE_ENABLED");
        assertThat(notBoolean.statusCode()).isEqualTo(400);

        HttpResponse<String> off = task(a, "name=VECTOR_SEARCH_ENABLED&value=false&reason=milvus%20upgrade");
        assertThat(off.statusCode()).isEqualTo(200);
        assertThat(off.body()).contains("VECTOR_SEARCH_ENABLED=false");
        long ms = millisUntil(b, Switch.VECTOR_SEARCH_ENABLED, false);
        System.out.printf("admin task on A -> B: %d ms%n", ms);

        assertThat(task(a, "name=VECTOR_SEARCH_ENABLED&value=true").statusCode()).isEqualTo(200);
        millisUntil(b, Switch.VECTOR_SEARCH_ENABLED, true);
    }

    @Test
    void the_flags_command_changes_a_switch_for_every_running_server() throws Exception {
        // the command reads the same config overrides (dw.* system properties) the running servers were given
        new FabulaApplication().run("flags", "set", RepoFiles.file("config-test.yml").toString(),
                "IMMEDIATE_ENABLED", "false", "--reason", "digest only tonight");
        long ms = millisUntil(b, Switch.IMMEDIATE_ENABLED, false);
        System.out.printf("flags set -> B: %d ms%n", ms);
        millisUntil(a, Switch.IMMEDIATE_ENABLED, false);

        new FabulaApplication().run("flags", "set", RepoFiles.file("config-test.yml").toString(),
                "IMMEDIATE_ENABLED", "true");
        millisUntil(b, Switch.IMMEDIATE_ENABLED, true);
    }

    @Test
    void the_budget_shows_limit_spent_remaining_and_state_and_an_admin_can_change_the_limit() throws Exception {
        HttpResponse<String> budget = send(b, "GET", "/api/v1/admin/budget", adminToken, null);
        assertThat(budget.statusCode()).isEqualTo(200);
        JsonNode body = JSON.readTree(budget.body());
        assertThat(body.get("limit_usd").decimalValue()).isEqualByComparingTo("0.05");
        assertThat(body.has("spent_usd")).isTrue();
        assertThat(body.has("remaining_usd")).isTrue();
        assertThat(body.get("state").asText()).isIn("OK", "WARNING", "TRIPPED");
        assertThat(body.has("by_model")).isTrue();

        assertThat(send(a, "POST", "/api/v1/admin/budget", adminToken, "{\"limit_usd\": -1, \"reason\": \"x\"}")
                .statusCode()).isEqualTo(400);
        assertThat(send(a, "POST", "/api/v1/admin/budget", adminToken, "{\"limit_usd\": 2}").statusCode()).isEqualTo(400);
        HttpResponse<String> raised = send(a, "POST", "/api/v1/admin/budget", adminToken,
                "{\"limit_usd\": 2.5, \"reason\": \"launch day\"}");
        assertThat(raised.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(send(b, "GET", "/api/v1/admin/budget", adminToken, null).body()).get("limit_usd")
                .decimalValue()).isEqualByComparingTo("2.5");
    }

    @Test
    void admin_health_reports_every_dependency_the_switches_budget_outbox_lag_workers_and_recent_agent_runs()
            throws Exception {
        Instant ninetySecondsAgo = Instant.now().minusSeconds(90);
        try (redis.clients.jedis.JedisPooled jedis = new redis.clients.jedis.JedisPooled(redisServer.host(), redisServer.port())) {
            jedis.setex("fabula:worker:alive-1", 60, "{\"worker_id\":\"alive-1\",\"capabilities\":[\"writer\"],\"beat_at\":\""
                    + Instant.now() + "\"}");
            jedis.setex("fabula:worker:stuck-1", 120, "{\"worker_id\":\"stuck-1\",\"capabilities\":[\"review\"],\"beat_at\":\""
                    + ninetySecondsAgo + "\"}");
        }
        org.jdbi.v3.core.Jdbi.create(databaseUrl, postgresServer.user(), postgresServer.password()).useHandle(handle -> handle.execute(
                "insert into agent_runs (capability, model, status, correlation_id, latency_ms) values ('writer', 'fabula-offline-1', 'SUCCEEDED', 'c-1', 42)"));

        HttpResponse<String> answer = send(a, "GET", "/api/v1/admin/health", adminToken, null);

        assertThat(answer.statusCode()).isEqualTo(200);
        JsonNode health = JSON.readTree(answer.body());
        for (String dependency : List.of("postgres", "kafka", "redis", "neo4j", "milvus")) {
            assertThat(health.get("dependencies").get(dependency).get("status").asText()).as(dependency).isEqualTo("up");
            assertThat(health.get("dependencies").get(dependency).has("latency_ms")).isTrue();
        }
        assertThat(health.get("switches").size()).isEqualTo(Switch.values().length);
        assertThat(health.get("budget").get("state").asText()).isNotBlank();
        assertThat(health.get("outbox").has("pending")).isTrue();
        assertThat(health.get("consumer_lag").isObject()).isTrue();
        assertThat(health.get("breakers").isObject()).isTrue();
        Map<String, Boolean> staleByWorker = new java.util.HashMap<>();
        health.get("workers").forEach(worker -> staleByWorker.put(worker.get("worker_id").asText(), worker.get("stale").asBoolean()));
        assertThat(staleByWorker).containsEntry("alive-1", false).containsEntry("stuck-1", true);
        assertThat(health.get("status").asText()).isEqualTo("degraded");
        assertThat(health.get("problems").toString()).contains("stuck-1");
        assertThat(health.get("recent_agent_runs").get(0).get("capability").asText()).isEqualTo("writer");
    }

    @Test
    void every_metric_the_alert_rules_name_is_exported_on_the_admin_port() throws Exception {
        String scrape = await().atMost(Duration.ofSeconds(30)).until(() -> HTTP.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + a.getAdminPort() + "/prometheus")).build(),
                HttpResponse.BodyHandlers.ofString()).body(), body -> body.contains("outbox_pending"));
        java.util.Set<String> exported = new java.util.HashSet<>();
        for (String line : scrape.split("\n")) {
            if (!line.startsWith("#") && !line.isBlank()) {
                exported.add(line.split("[{ ]", 2)[0]);
            }
        }
        java.util.Set<String> notMetrics = java.util.Set.of("max", "min", "sum", "increase", "rate", "and", "or", "quantile",
                "by", "without", "m", "h", "s");
        for (String file : List.of("ops/prometheus/alerts.yml", "ops/prometheus/outbox-alerts.yml")) {
            JsonNode rules = new ObjectMapper(new com.fasterxml.jackson.dataformat.yaml.YAMLFactory())
                    .readTree(RepoFiles.file(file).toFile());
            for (JsonNode group : rules.get("groups")) {
                for (JsonNode rule : group.get("rules")) {
                    String expr = rule.get("expr").asText().replaceAll("\\{[^}]*}", "").replaceAll("\\[[^]]*]", "");
                    java.util.regex.Matcher names = java.util.regex.Pattern.compile("[a-z_][a-z0-9_]*").matcher(expr);
                    while (names.find()) {
                        String name = names.group();
                        if (!notMetrics.contains(name)) {
                            assertThat(exported).as(file + " " + rule.get("alert").asText() + " names " + name).contains(name);
                        }
                    }
                }
            }
        }
    }
}
