package io.fabula.adapters.in.admission;

import dev.failsafe.Bulkhead;
import dev.failsafe.RateLimiter;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The instance's own protection (SPEC §7): at most {@code maxConcurrent} requests in progress (bulkhead) and
 * {@code perSecond} requests started per second; beyond either, 503 with {@code Retry-After} at once, before
 * any work is done. An open SSE stream stops counting as in progress as soon as it is suspended.
 */
public final class OverloadFilter implements Filter {
    private final Bulkhead<Object> inProgress;
    private final RateLimiter<Object> rate;
    private final Duration retryAfter;
    private final AtomicLong refusedBusy = new AtomicLong();
    private final AtomicLong refusedRate = new AtomicLong();

    public OverloadFilter(int maxConcurrent, long perSecond, Duration retryAfter) {
        this.inProgress = Bulkhead.of(maxConcurrent);
        this.rate = RateLimiter.burstyBuilder(perSecond, Duration.ofSeconds(1)).build();
        this.retryAfter = Objects.requireNonNull(retryAfter, "retry after");
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (!rate.tryAcquirePermit()) {
            refusedRate.incrementAndGet();
            refuse((HttpServletRequest) request, (HttpServletResponse) response,
                    "the server takes at most its configured number of requests per second; retry shortly");
            return;
        }
        if (!inProgress.tryAcquirePermit()) {
            refusedBusy.incrementAndGet();
            refuse((HttpServletRequest) request, (HttpServletResponse) response,
                    "the server is at its limit of concurrent requests; retry shortly");
            return;
        }
        try {
            chain.doFilter(request, response);
        } finally {
            inProgress.releasePermit();
        }
    }

    private void refuse(HttpServletRequest request, HttpServletResponse response, String detail) throws IOException {
        response.setStatus(503);
        response.setHeader("Retry-After", String.valueOf(ProblemJson.seconds(retryAfter)));
        response.setContentType(ProblemJson.MEDIA_TYPE);
        byte[] body = ProblemJson.body("overloaded", "Service overloaded", 503, detail, request.getRequestURI(), retryAfter)
                .getBytes(StandardCharsets.UTF_8);
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }

    /** Requests refused because too many were in progress. */
    public long refusedBusy() {
        return refusedBusy.get();
    }

    /** Requests refused because too many started within a second. */
    public long refusedRate() {
        return refusedRate.get();
    }
}
