// Opens N SSE streams against SseBenchServer (2 per writer, tickets put straight into Redis), then publishes
// messages through RedisLiveFeed.publish — the same Lua script the fan-out runs for a committed event — and
// measures publish → frame latency at the clients.
//   java -Xmx1g -cp app/target/fabula.jar bench/sse/SseBenchClient.java <streams> <messages> <perSecond>
import io.fabula.adapters.out.redis.RedisLiveFeed;
import io.fabula.adapters.out.redis.RedisLiveSettings;
import io.fabula.application.live.LiveMessage;
import io.fabula.domain.id.UserId;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicInteger;
import redis.clients.jedis.JedisPooled;
import redis.clients.jedis.params.SetParams;

public class SseBenchClient {
    static final AtomicInteger open = new AtomicInteger();
    static final AtomicInteger failed = new AtomicInteger();
    static final AtomicInteger frames = new AtomicInteger();
    static final ConcurrentLinkedQueue<Long> latenciesMicros = new ConcurrentLinkedQueue<>();

    public static void main(String[] args) throws Exception {
        int streams = Integer.parseInt(args[0]);
        int messages = Integer.parseInt(args[1]);
        int perSecond = Integer.parseInt(args[2]);
        String base = System.getProperty("base", "http://127.0.0.1:8280");
        JedisPooled redis = new JedisPooled(System.getProperty("redis.host", "127.0.0.1"), Integer.getInteger("redis.port", 16579));
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(30)).build();

        List<UserId> writers = new ArrayList<>();
        long started = System.nanoTime();
        for (int i = 0; i < streams; i++) {
            if (i % 2 == 0) {
                writers.add(new UserId(UUID.randomUUID()));
            }
            UserId writer = writers.get(writers.size() - 1);
            String ticket = UUID.randomUUID().toString();
            redis.set("fabula:live:ticket:" + ticket, writer.toString(), SetParams.setParams().px(600_000));
            HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/api/v1/events/stream?sse_token=" + ticket))
                    .header("Accept", "text/event-stream").build();
            http.sendAsync(request, info -> {
                if (info.statusCode() == 200) {
                    open.incrementAndGet();
                } else {
                    failed.incrementAndGet();
                }
                return HttpResponse.BodySubscribers.fromSubscriber(new Frames());
            }).exceptionally(e -> {
                failed.incrementAndGet();
                return null;
            });
            if (i % 200 == 199) {
                while (open.get() + failed.get() < i - 400) {
                    Thread.sleep(10);
                }
            }
        }
        while (open.get() + failed.get() < streams && System.nanoTime() - started < Duration.ofMinutes(5).toNanos()) {
            Thread.sleep(100);
        }
        System.out.printf("streams: %d open, %d failed, in %d ms%n", open.get(), failed.get(),
                (System.nanoTime() - started) / 1_000_000);
        Thread.sleep(2000);
        frames.set(0);

        RedisLiveFeed feed = new RedisLiveFeed(redis, RedisLiveSettings.defaults());
        long intervalNanos = 1_000_000_000L / perSecond;
        long next = System.nanoTime();
        for (int i = 0; i < messages; i++) {
            UserId writer = writers.get(i % writers.size());
            long now = System.nanoTime();
            feed.publish(writer, new LiveMessage("bench-" + UUID.randomUUID(), "Genesis.Session.Theme.Proposed",
                    "{\"sent\":" + now + "}"));
            next += intervalNanos;
            long sleep = next - System.nanoTime();
            if (sleep > 0) {
                Thread.sleep(sleep / 1_000_000, (int) (sleep % 1_000_000));
            }
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (latenciesMicros.size() < messages * 2L && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        long[] sorted = latenciesMicros.stream().mapToLong(Long::longValue).sorted().toArray();
        System.out.printf("frames received: %d of %d expected (2 streams per writer)%n", sorted.length, messages * 2L);
        if (sorted.length > 0) {
            System.out.printf("publish -> frame latency: p50 %.1f ms, p99 %.1f ms, max %.1f ms%n",
                    sorted[sorted.length / 2] / 1000.0, sorted[(int) (sorted.length * 0.99)] / 1000.0,
                    sorted[sorted.length - 1] / 1000.0);
        }
        System.out.printf("streams still open: %d (failed %d)%n", open.get(), failed.get());
        System.exit(0);
    }

    /** Counts frames and measures the latency of those carrying {"sent": nanoTime}. */
    static final class Frames implements Flow.Subscriber<List<ByteBuffer>> {
        private final StringBuilder partial = new StringBuilder();

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            subscription.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(List<ByteBuffer> items) {
            long now = System.nanoTime();
            for (ByteBuffer item : items) {
                partial.append(StandardCharsets.UTF_8.decode(item));
            }
            int newline;
            while ((newline = partial.indexOf("\n")) >= 0) {
                String line = partial.substring(0, newline);
                partial.delete(0, newline + 1);
                if (line.startsWith("data: {\"sent\":")) {
                    long sent = Long.parseLong(line.substring(14, line.length() - 1));
                    latenciesMicros.add((now - sent) / 1000);
                    frames.incrementAndGet();
                }
            }
        }

        @Override
        public void onError(Throwable throwable) {
            open.decrementAndGet();
        }

        @Override
        public void onComplete() {
            open.decrementAndGet();
        }
    }
}
