package io.fabula.app;

import static io.dropwizard.testing.ConfigOverride.config;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dropwizard.jackson.Jackson;
import io.dropwizard.testing.DropwizardTestSupport;
import io.fabula.infra.Endpoints;
import io.fabula.infra.FabulaHome;
import io.fabula.infra.NativeServers;
import io.fabula.infra.RunningServer;
import io.fabula.testsupport.Server;
import io.fabula.testsupport.WithInfra;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The five dependency checks against real servers: healthy when the servers answer, and the one whose
 * server is killed turns unhealthy within 10 s while liveness keeps answering. The killed server is a
 * Redis of this test's own, so the JVM-wide servers other tests share stay up.
 */
@WithInfra({Server.POSTGRES, Server.KAFKA, Server.NEO4J, Server.MILVUS})
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DependencyHealthIT {
    private static final ObjectMapper JSON = Jackson.newObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @TempDir
    static Path redisDir;

    private static RunningServer<Endpoints.Redis> ownRedis;
    private static DropwizardTestSupport<FabulaConfiguration> app;

    @BeforeAll
    static void startTheAppAgainstRealServers(Endpoints.Postgres postgres, Endpoints.Kafka kafka,
                                              Endpoints.Neo4j neo4j, Endpoints.Milvus milvus) throws Exception {
        ownRedis = new NativeServers(FabulaHome.locate()).redis(redisDir, NativeServers.freePort(), false);
        app = new DropwizardTestSupport<>(FabulaApplication.class, RepoFiles.file("config-test.yml").toString(),
                config("postgres.url", postgres.jdbcUrl()),
                config("postgres.user", postgres.user()),
                config("postgres.password", postgres.password()),
                config("kafka.bootstrapServers", kafka.bootstrapServers()),
                config("redis.host", ownRedis.endpoint().host()),
                config("redis.port", String.valueOf(ownRedis.endpoint().port())),
                config("neo4j.uri", neo4j.boltUri()),
                config("milvus.uri", milvus.uri()));
        app.before();
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.after();
        }
        if (ownRedis != null) {
            ownRedis.close();
        }
    }

    @Test
    @Order(1)
    void every_dependency_is_healthy_when_its_server_answers() {
        Map<String, Map<String, Object>> checks = await().atMost(Duration.ofSeconds(30))
                .until(DependencyHealthIT::healthChecks, all -> all.values().stream().allMatch(c -> Boolean.TRUE.equals(c.get("healthy"))));

        assertThat(checks).containsKeys("postgres", "kafka", "redis", "neo4j", "milvus");
        assertThat(checks.get("postgres")).containsEntry("message", "select 1 answered");
        assertThat(checks.get("redis")).containsEntry("message", "PING answered PONG");
        assertThat((String) checks.get("kafka").get("message")).endsWith("1 broker(s)");
    }

    @Test
    @Order(2)
    void a_killed_server_turns_its_check_unhealthy_within_ten_seconds_while_liveness_keeps_answering() throws Exception {
        ownRedis.process().kill();

        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(250))
                .until(() -> Boolean.FALSE.equals(healthChecks().get("redis").get("healthy")));

        assertThat(status("http://127.0.0.1:" + app.getLocalPort() + "/health")).isEqualTo(200);
        assertThat(healthChecks().get("postgres")).containsEntry("healthy", true);
    }

    private static Map<String, Map<String, Object>> healthChecks() throws Exception {
        HttpResponse<String> response = HTTP.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.getAdminPort() + "/healthcheck"))
                        .timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        return JSON.readValue(response.body(), new TypeReference<>() { });
    }

    private static int status(String url) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (Exception e) {
            throw new AssertionError("GET " + url + " failed", e);
        }
    }
}
