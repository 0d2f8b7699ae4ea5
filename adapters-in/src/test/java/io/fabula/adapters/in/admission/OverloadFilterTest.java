package io.fabula.adapters.in.admission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.EnumSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.NetworkConnector;
import org.eclipse.jetty.server.Server;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** SPEC §7 on a real Jetty: beyond the concurrent or per-second limit, 503 + Retry-After + problem, at once. */
class OverloadFilterTest {
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private final CountDownLatch release = new CountDownLatch(1);
    private final AtomicInteger inside = new AtomicInteger();
    private Server jetty;

    private URI start(OverloadFilter filter) throws Exception {
        jetty = new Server(0);
        ServletContextHandler context = new ServletContextHandler();
        context.addServlet(new ServletHolder(new HttpServlet() {
            @Override
            protected void doGet(HttpServletRequest request, HttpServletResponse response) throws java.io.IOException {
                inside.incrementAndGet();
                if (request.getRequestURI().endsWith("/slow")) {
                    try {
                        release.await(10, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                response.getWriter().write("ok");
            }
        }), "/*");
        context.addFilter(new FilterHolder(filter), "/api/*", EnumSet.of(DispatcherType.REQUEST));
        jetty.setHandler(context);
        jetty.start();
        return URI.create("http://127.0.0.1:" + ((NetworkConnector) jetty.getConnectors()[0]).getLocalPort());
    }

    @AfterEach
    void stop() throws Exception {
        release.countDown();
        jetty.stop();
    }

    @Test
    void a_request_beyond_the_concurrent_limit_is_refused_at_once_with_503_and_retry_after() throws Exception {
        URI base = start(new OverloadFilter(2, 1000, Duration.ofSeconds(1)));
        CompletableFuture<HttpResponse<String>> first = get(base, "/api/slow");
        CompletableFuture<HttpResponse<String>> second = get(base, "/api/slow");
        await().atMost(Duration.ofSeconds(5)).until(() -> inside.get() == 2);

        HttpResponse<String> third = get(base, "/api/fast").get(5, TimeUnit.SECONDS);

        assertThat(third.statusCode()).isEqualTo(503);
        assertThat(third.headers().firstValue("Retry-After")).contains("1");
        assertThat(third.headers().firstValue("Content-Type")).contains("application/problem+json");
        assertThat(third.body()).contains("\"type\":\"urn:fabula:problem:overloaded\"").contains("\"instance\":\"/api/fast\"");
        release.countDown();
        assertThat(first.get(5, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        assertThat(second.get(5, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        assertThat(get(base, "/api/fast").get(5, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
    }

    @Test
    void requests_beyond_the_rate_per_second_are_refused_with_503() throws Exception {
        URI base = start(new OverloadFilter(100, 3, Duration.ofSeconds(1)));
        int refused = 0;
        for (int i = 0; i < 12; i++) { // within ~a second: at most two windows of 3 pass
            if (get(base, "/api/fast").get(5, TimeUnit.SECONDS).statusCode() == 503) {
                refused++;
            }
        }
        assertThat(refused).isGreaterThanOrEqualTo(6);
    }

    @Test
    void paths_outside_the_api_are_not_counted() throws Exception {
        URI base = start(new OverloadFilter(1, 1, Duration.ofSeconds(1)));
        for (int i = 0; i < 5; i++) {
            assertThat(get(base, "/health").get(5, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        }
    }

    private static CompletableFuture<HttpResponse<String>> get(URI base, String path) {
        return HTTP.sendAsync(HttpRequest.newBuilder(base.resolve(path)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
