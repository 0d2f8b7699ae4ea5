package io.fabula.adapters.in.sse;

import io.fabula.adapters.in.admission.ProblemJson;
import io.fabula.adapters.in.http.problem.Problem;
import io.fabula.application.live.LiveConnections;
import io.fabula.application.live.LiveTickets;
import io.fabula.application.live.LiveUnavailable;
import io.fabula.application.live.StreamPosition;
import io.fabula.domain.id.UserId;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code GET /api/v1/events/stream?sse_token=} (SPEC §6): the writer's live events as Server-Sent Events.
 * The ticket from {@code POST /api/v1/auth/sse-token} authenticates (a browser's EventSource cannot send
 * an Authorization header). Frames: writer-facing domain events ({@code id:} = their position, for
 * {@code Last-Event-ID}), {@code token} deltas (no id, never replayed), {@code resync}, {@code replaced},
 * and {@code : ping} comments. The request thread returns as soon as the stream is open.
 */
@Path("/api/v1/events/stream")
public final class EventStreamResource {
    static final String PATH = "/api/v1/events/stream";

    private final LiveTickets tickets;
    private final LiveHub hub;
    private final SseSettings settings;

    public EventStreamResource(LiveTickets tickets, LiveHub hub, SseSettings settings) {
        this.tickets = Objects.requireNonNull(tickets, "tickets");
        this.hub = Objects.requireNonNull(hub, "hub");
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    @GET
    @Produces(MediaType.SERVER_SENT_EVENTS)
    public void stream(@QueryParam("sse_token") String ticket,
                       @QueryParam("preflight") @DefaultValue("false") boolean preflight,
                       @HeaderParam("Last-Event-ID") String lastEventId,
                       @HeaderParam("X-Tab-ID") String tabHeader,
                       @Context SseEventSink sink, @Context Sse sse) {
        Optional<String> tab = tab(tabHeader);
        Optional<StreamPosition> lastSeen = lastSeen(lastEventId);
        if (ticket == null || ticket.isBlank()) {
            throw problem(401, "unauthorized", "Unauthorized",
                    "sse_token is required: POST /api/v1/auth/sse-token gives one", null);
        }
        try {
            if (preflight) {
                UserId user = tickets.peek(ticket).orElseThrow(EventStreamResource::badTicket);
                if (!hub.wouldAdmit(user, tab)) {
                    throw tooMany("this writer already has " + settings.maxConnectionsPerUser() + " open event streams");
                }
                throw new PreflightPassed();
            }
            UserId user = tickets.redeem(ticket).orElseThrow(EventStreamResource::badTicket);
            hub.open(user, tab, lastSeen, new JerseyFrameSink(sink, sse, settings.sendTimeout()));
        } catch (TooManyConnections e) {
            throw tooMany(e.getMessage());
        } catch (LiveUnavailable e) {
            throw problem(503, "transient", "Temporarily unavailable",
                    "live events are unavailable (Redis cannot be reached); poll the session until they are back",
                    settings.unavailableRetryAfter());
        }
    }

    private static Optional<String> tab(String header) {
        try {
            return LiveConnections.tab(header);
        } catch (IllegalArgumentException e) {
            throw problem(400, "validation", "Invalid request", e.getMessage(), null);
        }
    }

    private static Optional<StreamPosition> lastSeen(String header) {
        if (header == null || header.isBlank()) {
            return Optional.empty();
        }
        return Optional.of(StreamPosition.parse(header.strip()).orElseThrow(() -> problem(400, "validation",
                "Invalid request", "Last-Event-ID must be the id of a frame this stream sent, like 1732364400000-0", null)));
    }

    private static WebApplicationException badTicket() {
        return problem(401, "unauthorized", "Unauthorized",
                "sse_token is unknown, expired (60 s) or already used: ask POST /api/v1/auth/sse-token for a new one", null);
    }

    private WebApplicationException tooMany(String detail) {
        return problem(429, "rate-limited", "Too many requests", detail, settings.tooManyRetryAfter());
    }

    static WebApplicationException problem(int status, String kind, String title, String detail, Duration retryAfter) {
        Problem problem = Problem.of(kind, title, status, detail).at(PATH);
        if (retryAfter != null) {
            problem = problem.with("retry_after_seconds", ProblemJson.seconds(retryAfter));
        }
        Response.ResponseBuilder response = Response.status(status).type(Problem.MEDIA_TYPE).entity(problem);
        if (retryAfter != null) {
            response.header(HttpHeaders.RETRY_AFTER, ProblemJson.seconds(retryAfter));
        }
        if (status == 401) {
            response.header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"fabula\"");
        }
        return new WebApplicationException(detail, response.build());
    }

    /** {@code preflight=true} found room: 204, no stream opened (an SSE method cannot return a response itself). */
    static final class PreflightPassed extends RuntimeException {
        PreflightPassed() {
            super("preflight passed", null, false, false);
        }
    }

    /** Answers {@link PreflightPassed} with 204 No Content. */
    @jakarta.ws.rs.ext.Provider
    public static final class PreflightAnswer implements jakarta.ws.rs.ext.ExceptionMapper<PreflightPassed> {
        @Override
        public Response toResponse(PreflightPassed passed) {
            return Response.noContent().build();
        }
    }
}
