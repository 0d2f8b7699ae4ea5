package io.fabula.app.wiring;

import com.codahale.metrics.Gauge;
import io.dropwizard.core.setup.Environment;
import io.dropwizard.lifecycle.Managed;
import io.fabula.adapters.in.kafka.LiveFanOut;
import io.fabula.adapters.in.sse.EventStreamResource;
import io.fabula.adapters.in.sse.EventsHealthResource;
import io.fabula.adapters.in.sse.LiveHub;
import io.fabula.adapters.in.sse.SseSettings;
import io.fabula.adapters.in.sse.SseTicketResource;
import io.fabula.adapters.out.redis.RedisLiveConnections;
import io.fabula.adapters.out.redis.RedisLiveFeed;
import io.fabula.adapters.out.redis.RedisLiveSignals;
import io.fabula.adapters.out.redis.RedisLiveTickets;
import io.fabula.adapters.out.redis.RedisProbe;
import io.fabula.app.config.KafkaConfig;
import io.fabula.app.config.SseConfig;
import io.fabula.application.live.ForwardToWriter;
import io.fabula.application.live.LiveFeed;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.util.component.LifeCycle;

/**
 * The live stream of SPEC §6 in one process: the Redis live feed (which workers and notifications publish
 * to through {@link #liveFeed()}), the SSE resources and this instance's connection hub, the one Redis
 * subscription that wakes it, and the Kafka fan-out that feeds writers' histories from
 * {@code genesis.session.events}.
 */
public final class SseWiring {
    private final LiveFeed liveFeed;
    private final LiveHub hub;

    private SseWiring(LiveFeed liveFeed, LiveHub hub) {
        this.liveFeed = liveFeed;
        this.hub = hub;
    }

    /** The feed on Redis, for anyone who publishes (workers' token deltas, notifications). */
    public static LiveFeed liveFeed(SseConfig config, Clients clients) {
        return new RedisLiveFeed(clients.redis(), config.redisSettings());
    }

    public static SseWiring wire(SseConfig config, KafkaConfig kafka, Clients clients, Environment environment) {
        SseSettings settings = config.settings();
        RedisLiveFeed feed = new RedisLiveFeed(clients.redis(), config.redisSettings());
        RedisLiveSignals signals = new RedisLiveSignals(clients.redis(), Duration.ofSeconds(5));
        RedisLiveConnections connections = new RedisLiveConnections(clients.redis(), signals,
                config.redisSettings().connectionLease(), clients.clock());
        RedisLiveTickets tickets = new RedisLiveTickets(clients.redis(), config.redisSettings().ticketTtl());

        ExecutorService dispatch = environment.lifecycle().executorService("sse-dispatch-%d")
                .minThreads(settings.dispatchThreads()).maxThreads(settings.dispatchThreads())
                .workQueue(new LinkedBlockingQueue<>()).build();
        ScheduledExecutorService timer = environment.lifecycle().scheduledExecutorService("sse-ping-%d").build();
        LiveHub hub = new LiveHub(feed, connections, settings, dispatch, System::nanoTime);

        environment.jersey().register(new EventStreamResource(tickets, hub, settings));
        environment.jersey().register(new EventStreamResource.PreflightAnswer());
        environment.jersey().register(new SseTicketResource(tickets, config.redisSettings().ticketTtl(), settings));
        environment.jersey().register(new EventsHealthResource(new RedisProbe(clients.redis()), hub));
        environment.metrics().register("sse.connections", (Gauge<Integer>) hub::size);
        environment.metrics().register("sse.deltas.lost", (Gauge<Long>) feed::lostDeltas);

        LiveFanOut fanOut = config.fanOut().enabled()
                ? new LiveFanOut(LiveFanOut.consumer(properties(kafka.consumerProperties()), config.fanOut().groupId(),
                        config.fanOut().autoOffsetReset()), new ForwardToWriter(feed))
                : null;
        if (fanOut != null) {
            environment.metrics().register("sse.fanout.forwarded", (Gauge<Long>) fanOut::forwarded);
        }
        environment.lifecycle().manage(new Managed() {
            private AutoCloseable listening;
            private Thread fanOutThread;

            @Override
            public void start() {
                listening = signals.listen(hub);
                long pingMs = settings.pingInterval().toMillis();
                timer.scheduleWithFixedDelay(hub::tick, pingMs, pingMs, TimeUnit.MILLISECONDS);
                if (fanOut != null) {
                    fanOutThread = new Thread(fanOut, "live-fanout");
                    fanOutThread.setDaemon(true);
                    fanOutThread.start();
                }
            }

            @Override
            public void stop() throws Exception {
                hub.closeAll("server stopping");
                listening.close();
                if (fanOut != null) {
                    fanOut.stop();
                    fanOutThread.join(Duration.ofSeconds(10).toMillis());
                }
            }
        });
        // open streams would hold Jetty's graceful stop for its whole grace period: end them first
        environment.lifecycle().addEventListener(new LifeCycle.Listener() {
            @Override
            public void lifeCycleStopping(LifeCycle event) {
                hub.closeAll("server stopping");
            }
        });
        return new SseWiring(feed, hub);
    }

    private static Properties properties(java.util.Map<String, Object> map) {
        Properties properties = new Properties();
        properties.putAll(map);
        return properties;
    }

    public LiveFeed feed() {
        return liveFeed;
    }

    /** This instance's SSE connections (benchmarks, admin health). */
    public LiveHub hub() {
        return hub;
    }
}
