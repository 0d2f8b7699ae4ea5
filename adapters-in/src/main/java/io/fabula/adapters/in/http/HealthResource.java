package io.fabula.adapters.in.http;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Liveness: {@code GET /health} answers 200 as long as this process serves HTTP.
 *
 * <p>Deliberately cheap and independent of every dependency: a database or broker outage must not make
 * an orchestrator restart healthy processes. Dependencies are reported by the health checks on the
 * admin port ({@code /healthcheck}).
 */
@Path("/health")
@Produces(MediaType.APPLICATION_JSON)
public final class HealthResource {
    private static final CacheControl NO_STORE = CacheControl.valueOf("no-store");

    private final Clock clock;
    private final Instant startedAt;

    public HealthResource(Clock clock) {
        this.clock = clock;
        this.startedAt = clock.instant();
    }

    /** The answer's body. */
    public record Liveness(String status, long uptimeSeconds) {
    }

    @GET
    public Response liveness() {
        long uptime = Duration.between(startedAt, clock.instant()).toSeconds();
        return Response.ok(new Liveness("UP", uptime)).cacheControl(NO_STORE).build();
    }
}
