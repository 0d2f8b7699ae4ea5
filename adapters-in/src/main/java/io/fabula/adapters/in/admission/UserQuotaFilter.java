package io.fabula.adapters.in.admission;

import io.fabula.adapters.in.http.problem.Problem;
import io.fabula.application.admission.QuotaDecision;
import io.fabula.application.admission.RequestQuota;
import jakarta.annotation.Priority;
import jakarta.inject.Provider;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.security.Principal;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The per-writer quota (SPEC §7: 60 requests / 60 s → 429 + {@code Retry-After}). Runs after authentication,
 * so a signed-in writer is counted by user id wherever they connect from; anonymous requests (login,
 * register, the SSE stream's ticket URL) by client address.
 */
@Priority(Priorities.AUTHENTICATION + 500)
public final class UserQuotaFilter implements ContainerRequestFilter {
    private final RequestQuota quota;
    private final AtomicLong refused = new AtomicLong();

    @Context
    private Provider<HttpServletRequest> servletRequest;

    public UserQuotaFilter(RequestQuota quota) {
        this.quota = Objects.requireNonNull(quota, "quota");
    }

    @Override
    public void filter(ContainerRequestContext request) {
        if (!request.getUriInfo().getPath().startsWith("api/")) {
            return; // liveness and readiness probes are not writers' requests
        }
        QuotaDecision decision = quota.take(subject(request));
        if (decision instanceof QuotaDecision.Exhausted exhausted) {
            refused.incrementAndGet();
            request.abortWith(Response.status(429)
                    .header(HttpHeaders.RETRY_AFTER, exhausted.retryAfterSeconds())
                    .header("RateLimit-Limit", exhausted.limit())
                    .header("RateLimit-Remaining", 0)
                    .type(Problem.MEDIA_TYPE)
                    .entity(Problem.of("rate-limited", "Too many requests", 429,
                                    "at most " + exhausted.limit() + " requests per window; retry after "
                                            + exhausted.retryAfterSeconds() + " s")
                            .at("/" + request.getUriInfo().getPath())
                            .with("retry_after_seconds", exhausted.retryAfterSeconds()))
                    .build());
        }
    }

    private String subject(ContainerRequestContext request) {
        Principal principal = request.getSecurityContext() == null ? null : request.getSecurityContext().getUserPrincipal();
        if (principal != null) {
            return "user:" + principal.getName();
        }
        HttpServletRequest servlet = servletRequest == null ? null : servletRequest.get();
        return "ip:" + (servlet == null ? "unknown" : servlet.getRemoteAddr());
    }

    /** Requests refused with 429 by this instance. */
    public long refused() {
        return refused.get();
    }
}
