package io.fabula.adapters.in.sse;

import io.fabula.application.health.DependencyProbe;
import io.fabula.application.health.ProbeResult;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * {@code GET /api/v1/events/health} (SPEC §6): whether this instance can stream live events now, for clients
 * deciding between SSE and polling. 200 {@code UP} or 503 {@code DOWN}; public, it names no writer.
 */
@Path("/api/v1/events/health")
public final class EventsHealthResource {
    private final DependencyProbe redis;
    private final LiveHub hub;

    public EventsHealthResource(DependencyProbe redis, LiveHub hub) {
        this.redis = Objects.requireNonNull(redis, "redis");
        this.hub = Objects.requireNonNull(hub, "hub");
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Response health() {
        ProbeResult redisResult = redis.check();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", (redisResult instanceof ProbeResult.Healthy) ? "UP" : "DOWN");
        body.put("redis", (redisResult instanceof ProbeResult.Healthy) ? "UP" : "DOWN");
        body.put("connections", hub.size());
        if (!(redisResult instanceof ProbeResult.Healthy)) {
            body.put("detail", "live events are unavailable; poll the session until they are back");
        }
        return Response.status((redisResult instanceof ProbeResult.Healthy) ? 200 : 503).entity(body).build();
    }
}
