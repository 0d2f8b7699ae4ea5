package io.fabula.adapters.in.sse;

import io.dropwizard.testing.junit5.DropwizardClientExtension;
import io.fabula.adapters.in.http.auth.BearerAuth;
import io.fabula.adapters.in.http.problem.ProblemMappers;
import io.fabula.adapters.out.crypto.JwtAccessTokens;
import io.fabula.application.auth.Identity;
import io.fabula.application.auth.Role;
import java.time.Instant;
import io.fabula.adapters.out.redis.RedisLiveConnections;
import io.fabula.adapters.out.redis.RedisLiveFeed;
import io.fabula.adapters.out.redis.RedisLiveSettings;
import io.fabula.adapters.out.redis.RedisLiveSignals;
import io.fabula.adapters.out.redis.RedisLiveTickets;
import io.fabula.adapters.out.redis.RedisProbe;
import io.fabula.domain.id.UserId;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import redis.clients.jedis.JedisPooled;

/**
 * The SSE resources on a real Jetty, wired as {@code SseWiring} does (minus Kafka), against a real Redis:
 * what a browser sees, rule by rule.
 */
final class LiveTestServer implements AutoCloseable {
    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    static final JwtAccessTokens TOKENS = new JwtAccessTokens("a test signing key of at least thirty-two bytes",
            "fabula", Duration.ofHours(24));

    final JedisPooled redis;
    final RedisLiveFeed feed;
    final LiveHub hub;
    final SseSettings settings;
    private final AutoCloseable listening;
    private final ExecutorService dispatch = Executors.newFixedThreadPool(4);
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    private final DropwizardClientExtension jetty;

    LiveTestServer(String host, int port, SseSettings settings) throws Throwable {
        this.settings = settings;
        redis = new JedisPooled(host, port);
        RedisLiveSettings redisSettings = RedisLiveSettings.defaults();
        feed = new RedisLiveFeed(redis, redisSettings);
        RedisLiveSignals signals = new RedisLiveSignals(redis, Duration.ofMillis(500));
        RedisLiveConnections connections = new RedisLiveConnections(redis, signals, redisSettings.connectionLease(),
                Clock.systemUTC());
        RedisLiveTickets tickets = new RedisLiveTickets(redis, redisSettings.ticketTtl());
        hub = new LiveHub(feed, connections, settings, dispatch, System::nanoTime);
        listening = signals.listen(hub);
        long pingMs = settings.pingInterval().toMillis();
        timer.scheduleWithFixedDelay(hub::tick, pingMs, pingMs, TimeUnit.MILLISECONDS);
        jetty = new DropwizardClientExtension(new BearerAuth(TOKENS, Clock.systemUTC()),
                new ProblemMappers(Clock.systemUTC()), new EventStreamResource.PreflightAnswer(),
                new EventStreamResource(tickets, hub, settings),
                new SseTicketResource(tickets, redisSettings.ticketTtl(), settings),
                new EventsHealthResource(new RedisProbe(redis), hub));
        jetty.before();
    }

    URI uri(String path) {
        return URI.create(jetty.baseUri() + path);
    }

    /** {@code POST /api/v1/auth/sse-token} as the writer. */
    HttpResponse<String> requestTicket(UserId writer) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(uri("/api/v1/auth/sse-token"))
                .header("Authorization", "Bearer " + TOKENS.issue(new Identity(writer, Role.WRITER), Instant.now()).token())
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    }

    String ticket(UserId writer) throws Exception {
        String body = requestTicket(writer).body();
        return body.replaceAll(".*\"sse_token\":\"([^\"]+)\".*", "$1");
    }

    URI stream(String ticket) {
        return uri("/api/v1/events/stream?sse_token=" + URLEncoder.encode(ticket, StandardCharsets.UTF_8));
    }

    @Override
    public void close() throws Exception {
        hub.closeAll("test over");
        jetty.after();
        listening.close();
        timer.shutdownNow();
        dispatch.shutdownNow();
        redis.close();
    }
}
