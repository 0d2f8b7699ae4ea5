package io.fabula.adapters.in.sse;

import io.fabula.application.live.LiveTickets;
import io.fabula.application.live.LiveUnavailable;
import io.fabula.domain.id.UserId;
import io.dropwizard.auth.Auth;
import io.fabula.adapters.in.http.auth.Caller;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * {@code POST /api/v1/auth/sse-token} (SPEC §6): exchanges the caller's access token for a single-use
 * ticket valid 60 s, to put in the stream's URL.
 */
@Path("/api/v1/auth/sse-token")
public final class SseTicketResource {
    private final LiveTickets tickets;
    private final Duration lifetime;
    private final SseSettings settings;

    public SseTicketResource(LiveTickets tickets, Duration lifetime, SseSettings settings) {
        this.tickets = Objects.requireNonNull(tickets, "tickets");
        this.lifetime = Objects.requireNonNull(lifetime, "lifetime");
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    @POST
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, Object> issue(@Auth Caller caller) {
        UserId user = caller.userId();
        try {
            Map<String, Object> answer = new LinkedHashMap<>();
            answer.put("sse_token", tickets.issue(user));
            answer.put("expires_in", lifetime.toSeconds());
            answer.put("stream", EventStreamResource.PATH + "?sse_token=");
            return answer;
        } catch (LiveUnavailable e) {
            throw EventStreamResource.problem(503, "transient", "Temporarily unavailable",
                    "live events are unavailable (Redis cannot be reached); poll the session until they are back",
                    settings.unavailableRetryAfter());
        }
    }
}
