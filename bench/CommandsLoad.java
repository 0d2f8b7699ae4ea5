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
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Open-loop load on POST /api/v1/genesis/sessions/{id}/commands (SubmitMessage): RATE requests per second for
 * SECONDS seconds, spread over SESSIONS sessions of one writer (a session takes one command at a time: each
 * request carries the If-Match its previous answer gave). Latency is measured from the moment a request was
 * due, so a slow server cannot hide queueing (no coordinated omission).
 *
 *   java bench/CommandsLoad.java http://127.0.0.1:8180 500 60 400
 */
public final class CommandsLoad {
    private static final Pattern ID = Pattern.compile("\"session_id\"\\s*:\\s*\"([^\"]+)\"");
    private static final Pattern TOKEN = Pattern.compile("\"access_token\"\\s*:\\s*\"([^\"]+)\"");

    record Session(String id, long version) {
    }

    public static void main(String[] args) throws Exception {
        String base = args.length > 0 ? args[0] : "http://127.0.0.1:8180";
        int rate = args.length > 1 ? Integer.parseInt(args[1]) : 500;
        int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 60;
        int sessions = args.length > 3 ? Integer.parseInt(args[3]) : 400;
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

        String email = "bench-" + UUID.randomUUID() + "@example.com";
        post(http, base + "/api/v1/auth/register", null, Map.of(),
                "{\"email\":\"" + email + "\",\"password\":\"correct horse battery\",\"display_name\":\"bench\"}");
        String login = post(http, base + "/api/v1/auth/login", null, Map.of(),
                "{\"email\":\"" + email + "\",\"password\":\"correct horse battery\"}").body();
        Matcher t = TOKEN.matcher(login);
        if (!t.find()) {
            throw new IllegalStateException("login failed: " + login);
        }
        String token = t.group(1);

        ConcurrentLinkedQueue<Session> idle = new ConcurrentLinkedQueue<>();
        for (int i = 0; i < sessions; i++) {
            HttpResponse<String> created = post(http, base + "/api/v1/genesis/sessions", token,
                    Map.of("Idempotency-Key", UUID.randomUUID().toString()), "{\"seed_idea\":\"bench seed " + i + "\"}");
            Matcher m = ID.matcher(created.body());
            if (created.statusCode() != 201 || !m.find()) {
                throw new IllegalStateException("create session: " + created.statusCode() + " " + created.body());
            }
            idle.add(new Session(m.group(1), 1));
        }
        System.out.printf("warm: %d sessions created; %d req/s for %d s%n", sessions, rate, seconds);

        int total = rate * seconds;
        long[] latencies = new long[total];
        AtomicInteger recorded = new AtomicInteger();
        AtomicInteger errors = new AtomicInteger();
        AtomicInteger noIdleSession = new AtomicInteger();
        Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
        CountDownLatch done = new CountDownLatch(total);
        long start = System.nanoTime() + 100_000_000L;
        long interval = 1_000_000_000L / rate;
        for (int i = 0; i < total; i++) {
            long due = start + i * interval;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                java.util.concurrent.locks.LockSupport.parkNanos(wait);
            }
            Session session = idle.poll();
            if (session == null) {
                noIdleSession.incrementAndGet();
                errors.incrementAndGet();
                done.countDown();
                continue;
            }
            HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/api/v1/genesis/sessions/" + session.id() + "/commands"))
                    .timeout(Duration.ofSeconds(30))
                    .header("Authorization", "Bearer " + token)
                    .header("Content-Type", "application/json")
                    .header("Idempotency-Key", UUID.randomUUID().toString())
                    .header("If-Match", "\"" + session.version() + "\"")
                    .POST(HttpRequest.BodyPublishers.ofString(
                            "{\"type\":\"SubmitMessage\",\"payload\":{\"text\":\"message " + i + "\"}}"))
                    .build();
            http.sendAsync(request, HttpResponse.BodyHandlers.ofString()).whenComplete((response, failure) -> {
                latencies[recorded.getAndIncrement()] = System.nanoTime() - due;
                if (failure != null) {
                    errors.incrementAndGet();
                    statuses.computeIfAbsent(-1, k -> new AtomicInteger()).incrementAndGet();
                    idle.add(session);
                } else {
                    statuses.computeIfAbsent(response.statusCode(), k -> new AtomicInteger()).incrementAndGet();
                    if (response.statusCode() == 202) {
                        String etag = response.headers().firstValue("ETag").orElse("\"" + session.version() + "\"");
                        idle.add(new Session(session.id(), Long.parseLong(etag.replace("\"", ""))));
                    } else {
                        errors.incrementAndGet();
                        idle.add(session);
                    }
                }
                done.countDown();
            });
        }
        long issued = System.nanoTime();
        done.await();
        double elapsed = (issued - start) / 1e9;
        int n = recorded.get();
        long[] sorted = java.util.Arrays.copyOf(latencies, n);
        java.util.Arrays.sort(sorted);
        System.out.printf("requests: %d in %.1f s (%.0f req/s offered), answered: %d, statuses: %s%n",
                total, elapsed, total / elapsed, n, statuses);
        System.out.printf("latency ms: p50 %.1f  p95 %.1f  p99 %.1f  max %.1f%n", pct(sorted, 50), pct(sorted, 95),
                pct(sorted, 99), n == 0 ? 0 : sorted[n - 1] / 1e6);
        System.out.printf("error rate: %.2f %% (non-202 %d, no idle session %d)%n", 100.0 * errors.get() / total,
                errors.get() - noIdleSession.get(), noIdleSession.get());
    }

    private static double pct(long[] sorted, int p) {
        if (sorted.length == 0) {
            return 0;
        }
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)] / 1e6;
    }

    private static HttpResponse<String> post(HttpClient http, String url, String token, Map<String, String> headers,
                                             String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        headers.forEach(request::header);
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
