// The SSE stack of one Fabula instance (Dropwizard + Jetty + Jersey SseEventSink + LiveHub + the Redis
// adapters), without PostgreSQL/Kafka, for the capacity and latency benchmarks (bench/sse/README.md).
//   java -Xmx2g -cp app/target/fabula.jar bench/sse/SseBenchServer.java server bench/sse/bench-server.yml
import io.dropwizard.core.Application;
import io.dropwizard.core.Configuration;
import io.dropwizard.core.setup.Environment;
import io.fabula.adapters.in.sse.EventStreamResource;
import io.fabula.adapters.in.sse.EventsHealthResource;
import io.fabula.adapters.in.sse.LiveHub;
import io.fabula.adapters.in.sse.SseSettings;
import io.fabula.adapters.out.redis.RedisLiveConnections;
import io.fabula.adapters.out.redis.RedisLiveFeed;
import io.fabula.adapters.out.redis.RedisLiveSettings;
import io.fabula.adapters.out.redis.RedisLiveSignals;
import io.fabula.adapters.out.redis.RedisLiveTickets;
import io.fabula.adapters.out.redis.RedisProbe;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import redis.clients.jedis.JedisPooled;

public class SseBenchServer extends Application<Configuration> {
    public static void main(String[] args) throws Exception {
        new SseBenchServer().run(args);
    }

    @Override
    public void run(Configuration configuration, Environment environment) {
        JedisPooled redis = new JedisPooled(System.getProperty("redis.host", "127.0.0.1"),
                Integer.getInteger("redis.port", 16579));
        SseSettings settings = SseSettings.defaults();
        RedisLiveSettings redisSettings = RedisLiveSettings.defaults();
        RedisLiveFeed feed = new RedisLiveFeed(redis, redisSettings);
        RedisLiveSignals signals = new RedisLiveSignals(redis, Duration.ofSeconds(5));
        RedisLiveConnections connections = new RedisLiveConnections(redis, signals, redisSettings.connectionLease(), Clock.systemUTC());
        LiveHub hub = new LiveHub(feed, connections, settings,
                Executors.newFixedThreadPool(settings.dispatchThreads()), System::nanoTime);
        signals.listen(hub);
        Executors.newSingleThreadScheduledExecutor().scheduleWithFixedDelay(hub::tick,
                settings.pingInterval().toMillis(), settings.pingInterval().toMillis(), TimeUnit.MILLISECONDS);
        environment.jersey().register(new EventStreamResource(new RedisLiveTickets(redis, redisSettings.ticketTtl()), hub, settings));
        environment.jersey().register(new EventStreamResource.PreflightAnswer());
        environment.jersey().register(new EventsHealthResource(new RedisProbe(redis), hub));
        Executors.newSingleThreadScheduledExecutor().scheduleWithFixedDelay(() -> {
            Runtime runtime = Runtime.getRuntime();
            System.out.printf("[bench-server] connections=%d heapUsedMiB=%d heapMaxMiB=%d threads=%d%n", hub.size(),
                    (runtime.totalMemory() - runtime.freeMemory()) >> 20, runtime.maxMemory() >> 20, Thread.activeCount());
        }, 5, 5, TimeUnit.SECONDS);
    }
}
