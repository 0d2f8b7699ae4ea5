package io.fabula.app;

import static io.dropwizard.testing.ConfigOverride.config;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.fabula.infra.NativeServers;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The application in-process with every dependency pointing at a closed port: liveness keeps answering,
 * and each dependency's health check says unhealthy promptly instead of hanging.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class FabulaApplicationTest {
    private static final String CLOSED = "127.0.0.1:" + NativeServers.freePort();

    static final DropwizardAppExtension<FabulaConfiguration> APP = new DropwizardAppExtension<>(
            FabulaApplication.class, RepoFiles.file("config-test.yml").toString(),
            config("postgres.url", "jdbc:postgresql://" + CLOSED + "/fabula"),
            config("kafka.bootstrapServers", CLOSED),
            config("redis.port", CLOSED.substring(CLOSED.indexOf(':') + 1)),
            config("neo4j.uri", "bolt://" + CLOSED),
            config("milvus.uri", "http://" + CLOSED));

    @Test
    void liveness_answers_200_with_status_up_while_every_dependency_is_down() {
        Response response = APP.client().target("http://127.0.0.1:" + APP.getLocalPort() + "/health").request().get();

        assertThat(response.getStatus()).isEqualTo(200);
        assertThat(response.getMediaType().isCompatible(MediaType.APPLICATION_JSON_TYPE)).isTrue();
        assertThat(response.getHeaderString("Cache-Control")).isEqualTo("no-store");
        Map<String, Object> body = response.readEntity(new jakarta.ws.rs.core.GenericType<Map<String, Object>>() { });
        assertThat(body).containsEntry("status", "UP").containsKey("uptimeSeconds");
    }

    @Test
    void every_dependency_check_reports_unhealthy_promptly_when_its_server_is_not_there() throws Exception {
        long start = System.nanoTime();
        Response response = APP.client().target("http://127.0.0.1:" + APP.getAdminPort() + "/healthcheck").request().get();
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        assertThat(response.getStatus()).isEqualTo(500);
        Map<String, Map<String, Object>> checks = APP.getObjectMapper()
                .readValue(response.readEntity(String.class), new TypeReference<>() { });
        assertThat(checks).containsKeys("postgres", "kafka", "redis", "neo4j", "milvus");
        for (String dependency : new String[] {"postgres", "kafka", "redis", "neo4j", "milvus"}) {
            assertThat(checks.get(dependency))
                    .as(dependency)
                    .containsEntry("healthy", false)
                    .containsKey("message");
        }
        // the checks run side by side, each bounded by probes.deadline (2 s in config-test.yml)
        assertThat(took).isLessThan(Duration.ofSeconds(6));
    }

    @Test
    void prometheus_exposes_the_metric_registry_on_the_admin_port() {
        Response response = APP.client().target("http://127.0.0.1:" + APP.getAdminPort() + "/prometheus").request().get();

        assertThat(response.getStatus()).isEqualTo(200);
        assertThat(response.readEntity(String.class))
                .contains("# TYPE io_dropwizard_jetty_MutableServletContextHandler_requests summary")
                .contains("org_eclipse_jetty_util_thread_QueuedThreadPool_dw_admin_jobs");
    }
}
