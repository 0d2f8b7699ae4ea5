package io.fabula.app;

import static io.dropwizard.testing.ConfigOverride.config;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The worst case for a health check: a server that accepts the connection and then never says a word
 * (a hung or stopped process whose socket is still open). Every check must still answer, unhealthy,
 * within its deadline; none may hang the admin port.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class SilentDependenciesTest {
    /** Bound and listening, never accepting: the kernel completes the handshake, nobody ever answers. */
    private static final ServerSocket SILENT = silentSocket();
    private static final String ADDRESS = "127.0.0.1:" + SILENT.getLocalPort();

    static final DropwizardAppExtension<FabulaConfiguration> APP = new DropwizardAppExtension<>(
            FabulaApplication.class, RepoFiles.file("config-test.yml").toString(),
            config("postgres.url", "jdbc:postgresql://" + ADDRESS + "/fabula"),
            config("kafka.bootstrapServers", ADDRESS),
            config("redis.port", String.valueOf(SILENT.getLocalPort())),
            config("neo4j.uri", "bolt://" + ADDRESS),
            config("milvus.uri", "http://" + ADDRESS));

    @AfterAll
    static void closeSilentServer() throws IOException {
        SILENT.close();
    }

    @Test
    void every_check_answers_unhealthy_within_its_deadline_when_the_server_never_answers() throws Exception {
        long start = System.nanoTime();
        Response response = APP.client().target("http://127.0.0.1:" + APP.getAdminPort() + "/healthcheck").request().get();
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        Map<String, Map<String, Object>> checks = APP.getObjectMapper()
                .readValue(response.readEntity(String.class), new TypeReference<>() { });
        for (String dependency : new String[] {"postgres", "kafka", "redis", "neo4j", "milvus"}) {
            assertThat(checks.get(dependency)).as(dependency).containsEntry("healthy", false);
        }
        // probes.deadline is 2 s in config-test.yml and the checks run side by side
        assertThat(took).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void liveness_keeps_answering_while_the_dependencies_hang() {
        Response response = APP.client().target("http://127.0.0.1:" + APP.getLocalPort() + "/health").request().get();

        assertThat(response.getStatus()).isEqualTo(200);
    }

    private static ServerSocket silentSocket() {
        try {
            return new ServerSocket(0, 100, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
