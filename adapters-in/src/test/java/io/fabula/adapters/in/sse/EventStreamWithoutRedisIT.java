package io.fabula.adapters.in.sse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabula.domain.id.UserId;
import io.fabula.infra.Endpoints;
import io.fabula.infra.FabulaHome;
import io.fabula.infra.NativeServers;
import io.fabula.infra.RunningServer;
import io.fabula.testsupport.sse.SseClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SPEC §8: Redis down → no SSE. The stream, the ticket and the events health answer 503 with a problem
 * (clients poll meanwhile), and open streams are ended so their clients learn it. The Redis here is this
 * test's own, killed for real.
 */
class EventStreamWithoutRedisIT {
    @TempDir
    static Path redisDir;

    private static RunningServer<Endpoints.Redis> redis;
    private static LiveTestServer server;

    @BeforeAll
    static void start() throws Throwable {
        redis = new NativeServers(FabulaHome.locate()).redis(redisDir, NativeServers.freePort(), false);
        SseSettings spec = SseSettings.defaults();
        server = new LiveTestServer(redis.endpoint().host(), redis.endpoint().port(), new SseSettings(spec.initialReplay(),
                spec.replayBatch(), spec.maxBackfill(), Duration.ofMillis(300), spec.sendTimeout(),
                spec.maxConnectionsPerUser(), spec.tooManyRetryAfter(), spec.unavailableRetryAfter(), 2));
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
        redis.close();
    }

    @Test
    void with_redis_gone_streams_end_and_new_ones_are_refused_with_503_and_a_problem() throws Exception {
        UserId writer = new UserId(UUID.randomUUID());
        String spareTicket = server.ticket(writer);
        SseClient open = SseClient.open(server.stream(server.ticket(writer)));
        assertThat(open.status()).isEqualTo(200);

        redis.process().kill();

        await().atMost(Duration.ofSeconds(10)).until(open::ended);
        SseClient refused = SseClient.open(server.stream(spareTicket));
        assertThat(refused.status()).isEqualTo(503);
        assertThat(refused.headers().firstValue("Retry-After")).contains("30");
        assertThat(refused.headers().firstValue("Content-Type")).contains("application/problem+json");
        assertThat(refused.errorBody()).contains("poll the session");

        HttpResponse<String> ticket = server.requestTicket(writer);
        assertThat(ticket.statusCode()).isEqualTo(503);
        assertThat(ticket.headers().firstValue("Content-Type")).contains("application/problem+json");

        HttpResponse<String> health = LiveTestServer.HTTP.send(HttpRequest.newBuilder(server.uri("/api/v1/events/health"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(health.statusCode()).isEqualTo(503);
        assertThat(health.body()).contains("\"status\":\"DOWN\"");
    }
}
