package io.fabula.adapters.in.http.session;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.auth.Auth;
import io.fabula.adapters.in.http.Api;
import io.fabula.adapters.in.http.auth.Caller;
import io.fabula.adapters.in.http.problem.FailureException;
import io.fabula.adapters.in.http.session.Views.BibleView;
import io.fabula.adapters.in.http.session.Views.CommandView;
import io.fabula.adapters.in.http.session.Views.EventView;
import io.fabula.adapters.in.http.session.Views.FailureView;
import io.fabula.adapters.in.http.session.Views.RoundList;
import io.fabula.adapters.in.http.session.Views.RoundView;
import io.fabula.adapters.in.http.session.Views.SessionPage;
import io.fabula.adapters.in.http.session.Views.SessionView;
import io.fabula.application.port.out.SessionDirectory;
import io.fabula.application.port.out.SessionRecord;
import io.fabula.application.session.CommandOutcome;
import io.fabula.application.session.CommandRequest;
import io.fabula.application.session.HandleSessionCommand;
import io.fabula.application.session.ReadStoryBible;
import io.fabula.application.session.SessionQueries;
import io.fabula.domain.failure.Failure;
import io.fabula.domain.id.CommandId;
import io.fabula.domain.id.CorrelationId;
import io.fabula.domain.id.SessionId;
import io.fabula.domain.id.UserId;
import io.fabula.domain.session.CommandMeta;
import io.fabula.domain.session.ExpectedVersion;
import io.fabula.domain.session.SessionCommand;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.media.Schema.RequiredMode;
import io.swagger.v3.oas.annotations.parameters.RequestBody;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriBuilder;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * {@code /api/v1/genesis/sessions} (SPEC §6): a writer's sessions, the commands sent to them and what
 * they caused. Every method needs a writer's access token and shows only the caller's own sessions:
 * another writer's session is answered exactly like one that does not exist (404, never 403).
 *
 * <p>Commands run synchronously through the command path (one transaction) and answer 202 with the
 * {@code Location} of their status: what they caused downstream (agents, SSE) happens later.
 */
@Path(Api.V1 + "/genesis/sessions")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "sessions", description = "Genesis sessions, their commands, conversation and story bible")
@SecurityRequirement(name = "bearer")
public final class SessionsResource {
    public static final int DEFAULT_PAGE_SIZE = 20;
    public static final int MAX_PAGE_SIZE = 100;
    /** What the API accepts as an Idempotency-Key: safe in a URL path segment, at most 200 characters. */
    public static final String KEY_PATTERN = "[A-Za-z0-9._~:-]{1,200}";
    /** Commands only workers may send (they carry an agent's output). */
    static final Set<String> WORKER_COMMANDS = Set.of("RecordProposal", "RecordReview", "RecordFailure");

    private final HandleSessionCommand commands;
    private final SessionQueries queries;
    private final ReadStoryBible bibles;
    private final SessionDirectory directory;

    public SessionsResource(HandleSessionCommand commands, SessionQueries queries, ReadStoryBible bibles,
                            SessionDirectory directory) {
        this.commands = Objects.requireNonNull(commands, "commands");
        this.queries = Objects.requireNonNull(queries, "queries");
        this.bibles = Objects.requireNonNull(bibles, "bibles");
        this.directory = Objects.requireNonNull(directory, "directory");
    }

    @Schema(name = "CreateSessionRequest")
    public record CreateSession(
            @JsonProperty("seed_idea") @NotBlank @Size(max = SessionCommand.MAX_TEXT_LENGTH)
            @Schema(example = "A lighthouse keeper finds the sea has stopped moving", requiredMode = RequiredMode.REQUIRED,
                    minLength = 1, maxLength = SessionCommand.MAX_TEXT_LENGTH) String seedIdea,
            @JsonProperty("novel_id") @Pattern(regexp = UUID_PATTERN, message = "must be a UUID")
            @Schema(format = "uuid", description = "the novel the session grows; a new one when absent") String novelId) {
    }

    static final String UUID_PATTERN = "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}";

    @Schema(name = "CommandRequest", description = "A writer's command of SPEC §2 with its payload (snake_case names)")
    public record CommandBody(
            @JsonProperty("type") @NotBlank @Size(max = 64)
            @Schema(requiredMode = RequiredMode.REQUIRED, allowableValues = {"SubmitMessage", "RequestProposal",
                    "ReviseProposal", "ConfirmStage", "ReopenStage", "PauseSession", "ResumeSession", "AbandonSession",
                    "BranchSession"}, example = "ConfirmStage") String type,
            @JsonProperty("payload") @Schema(description = "SubmitMessage {text}; RequestProposal {stage, hints?}; "
                    + "ReviseProposal {stage, feedback}; ConfirmStage {stage}; ReopenStage {stage, reason}; "
                    + "BranchSession {from_round}; Pause/Resume/AbandonSession {}", example = "{\"stage\": \"CONCEPT\"}")
            Map<String, Object> payload) {
    }

    @Schema(name = "MessageRequest")
    public record MessageBody(
            @JsonProperty("text") @NotBlank @Size(max = SessionCommand.MAX_TEXT_LENGTH)
            @Schema(example = "Make the keeper older, and afraid of boats", requiredMode = RequiredMode.REQUIRED,
                    minLength = 1, maxLength = SessionCommand.MAX_TEXT_LENGTH) String text) {
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Start a genesis session from a seed idea",
            description = "Runs StartSession. The same Idempotency-Key again answers the same session (nothing new is written).",
            responses = {
                    @ApiResponse(responseCode = "201", description = "the session, started",
                            headers = {@Header(name = "Location", description = "the session"),
                                    @Header(name = "ETag", description = "its version")},
                            content = @Content(schema = @Schema(implementation = SessionView.class))),
                    @ApiResponse(responseCode = "400", description = "missing or malformed Idempotency-Key, malformed body"),
                    @ApiResponse(responseCode = "401", description = "no valid access token"),
                    @ApiResponse(responseCode = "422", description = "invalid seed idea or key reused for another request")})
    public Response create(@Auth Caller caller,
                           @Parameter(description = "any new value per request, e.g. a UUID", required = true,
                                   schema = @Schema(pattern = KEY_PATTERN, maxLength = 200))
                           @HeaderParam("Idempotency-Key") @NotNull @Pattern(regexp = KEY_PATTERN) String idempotencyKey,
                           @RequestBody(required = true) @Valid @NotNull CreateSession request) {
        // the id follows from writer and key, so a retry names the same session and is a replay, not a second session
        SessionId id = new SessionId(nameUuid("session", caller.userId(), idempotencyKey));
        String novel = request.novelId() != null ? request.novelId()
                : nameUuid("novel", caller.userId(), idempotencyKey).toString();
        Map<String, Object> payload = Map.of("seed_idea", request.seedIdea(), "novel_id", novel);
        CommandOutcome.Accepted accepted = accept(commands.submit(new CommandRequest("StartSession", payload),
                meta(idempotencyKey, id, ExpectedVersion.exactly(0), caller.userId())));
        SessionRecord session = queries.session(accepted.sessionId(), caller.userId()).orElseThrow(() ->
                new FailureException(new Failure.NotFound("session " + accepted.sessionId() + " not found")));
        return Response.created(sessionUri(session.id()))
                .tag(version(session.version()))
                .entity(SessionView.of(session, Optional.empty()))
                .build();
    }

    @GET
    @Operation(summary = "The caller's sessions, newest first, one page at a time", responses = {
            @ApiResponse(responseCode = "200", description = "a page",
                    content = @Content(schema = @Schema(implementation = SessionPage.class))),
            @ApiResponse(responseCode = "400", description = "limit out of 1..100 or a malformed cursor"),
            @ApiResponse(responseCode = "401", description = "no valid access token")})
    public SessionPage list(@Auth Caller caller,
                            @Parameter(description = "page size, 1..100 (default 20)", schema = @Schema(minimum = "1",
                                    maximum = "100", defaultValue = "20"))
                            @QueryParam("limit") @Min(1) @Max(MAX_PAGE_SIZE) Integer limit,
                            @Parameter(description = "next_cursor of the previous page", schema = @Schema(maxLength = 64))
                            @QueryParam("cursor") @Size(max = 64) String cursor) {
        int size = limit == null ? DEFAULT_PAGE_SIZE : limit;
        Optional<SessionId> after = cursor == null || cursor.isEmpty() ? Optional.empty() : Optional.of(decodeCursor(cursor));
        List<SessionRecord> page = directory.ownedBy(caller.userId(), after, size + 1);
        boolean more = page.size() > size;
        List<SessionRecord> shown = more ? page.subList(0, size) : page;
        String next = more ? encodeCursor(shown.get(shown.size() - 1).id()) : null;
        return new SessionPage(shown.stream().map(s -> SessionView.of(s, Optional.empty())).toList(), next);
    }

    @GET
    @Path("/{sessionId}")
    @Operation(summary = "One of the caller's sessions", responses = {
            @ApiResponse(responseCode = "200", description = "the session", headers = @Header(name = "ETag",
                    description = "its version, the If-Match of the next command"),
                    content = @Content(schema = @Schema(implementation = SessionView.class))),
            @ApiResponse(responseCode = "401", description = "no valid access token"),
            @ApiResponse(responseCode = "404", description = "no such session of the caller's")})
    public Response get(@Auth Caller caller, @PathParam("sessionId") String sessionId) {
        SessionId id = sessionId(sessionId);
        SessionRecord session = queries.session(id, caller.userId()).orElseThrow(() -> notFound(sessionId));
        return Response.ok(SessionView.of(session, queries.branchPoint(id, caller.userId())))
                .tag(version(session.version())).build();
    }

    @POST
    @Path("/{sessionId}/commands")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Send a command to the session",
            description = "Runs the command in one transaction. The same Idempotency-Key with the same request answers "
                    + "the first result again (replayed: true); with another request it is refused (422).",
            responses = {
                    @ApiResponse(responseCode = "202", description = "accepted: its status and the events it caused",
                            headers = {@Header(name = "Location", description = "the command's status"),
                                    @Header(name = "ETag", description = "the session version it produced")},
                            content = @Content(schema = @Schema(implementation = CommandView.class))),
                    @ApiResponse(responseCode = "400", description = "missing or malformed Idempotency-Key or If-Match, malformed body"),
                    @ApiResponse(responseCode = "401", description = "no valid access token"),
                    @ApiResponse(responseCode = "404", description = "no such session of the caller's"),
                    @ApiResponse(responseCode = "409", description = "stale If-Match or a command the state does not allow; "
                            + "current_version tells the version to retry with"),
                    @ApiResponse(responseCode = "422", description = "unknown type, invalid payload, key reused"),
                    @ApiResponse(responseCode = "428", description = "If-Match is missing")})
    public Response command(@Auth Caller caller, @PathParam("sessionId") String sessionId,
                            @Parameter(description = "any new value per request, e.g. a UUID", required = true,
                                    schema = @Schema(pattern = KEY_PATTERN, maxLength = 200))
                            @HeaderParam("Idempotency-Key") @NotNull @Pattern(regexp = KEY_PATTERN) String idempotencyKey,
                            @Parameter(in = ParameterIn.HEADER, name = "If-Match", required = true,
                                    description = "the session version the command was written against (its ETag)",
                                    example = "\"3\"", schema = @Schema(type = "string"))
                            @HeaderParam("If-Match") String ifMatch,
                            @RequestBody(required = true) @Valid @NotNull CommandBody body) {
        SessionId id = sessionId(sessionId);
        String type = body.type().strip();
        if (WORKER_COMMANDS.contains(type)) {
            throw new FailureException(Failure.Validation.of("type: " + type + " is sent by Fabula's agents, not by writers"));
        }
        if ("StartSession".equals(type)) {
            throw new FailureException(Failure.Validation.of(
                    "type: a session is started with POST " + Api.V1 + "/genesis/sessions"));
        }
        ExpectedVersion expected = expectedVersion(ifMatch);
        CommandOutcome.Accepted accepted = accept(commands.submit(
                new CommandRequest(type, withoutNulls(body.payload())),
                meta(idempotencyKey, id, expected, caller.userId())));
        return accepted(id, idempotencyKey, type, accepted);
    }

    @GET
    @Path("/{sessionId}/commands/{commandId}")
    @Operation(summary = "A command's status (RECEIVED, PROCESSING, COMPLETED, FAILED) and the events it caused",
            responses = {
                    @ApiResponse(responseCode = "200", description = "the command",
                            content = @Content(schema = @Schema(implementation = CommandView.class))),
                    @ApiResponse(responseCode = "401", description = "no valid access token"),
                    @ApiResponse(responseCode = "404", description = "no such command on a session of the caller's")})
    public CommandView commandStatus(@Auth Caller caller, @PathParam("sessionId") String sessionId,
                                     @PathParam("commandId") String commandId) {
        SessionId id = sessionId(sessionId);
        CommandId key;
        try {
            key = new CommandId(commandId);
        } catch (IllegalArgumentException e) {
            throw new FailureException(new Failure.NotFound("command '" + commandId + "' not found"));
        }
        SessionQueries.CommandStatus status = queries.command(id, key, caller.userId()).orElseThrow(() ->
                new FailureException(new Failure.NotFound("command '" + commandId + "' not found on session " + sessionId)));
        var entry = status.entry();
        return new CommandView(entry.commandId().value(), entry.sessionId().toString(), entry.commandType(),
                entry.status().name(), entry.result().map(r -> r.version()).orElse(null), false,
                status.events().stream().map(EventView::of).toList(),
                status.failure().map(f -> new FailureView(f.kind().name(), f.reason())).orElse(null));
    }

    @POST
    @Path("/{sessionId}/messages")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Say something to the current stage's agent (SubmitMessage)",
            responses = {
                    @ApiResponse(responseCode = "202", description = "accepted",
                            headers = {@Header(name = "Location", description = "the command's status"),
                                    @Header(name = "ETag", description = "the session version it produced")},
                            content = @Content(schema = @Schema(implementation = CommandView.class))),
                    @ApiResponse(responseCode = "400", description = "missing or malformed Idempotency-Key or If-Match"),
                    @ApiResponse(responseCode = "401", description = "no valid access token"),
                    @ApiResponse(responseCode = "404", description = "no such session of the caller's"),
                    @ApiResponse(responseCode = "409", description = "stale If-Match or the session does not take messages now"),
                    @ApiResponse(responseCode = "422", description = "invalid text"),
                    @ApiResponse(responseCode = "428", description = "If-Match is missing")})
    public Response message(@Auth Caller caller, @PathParam("sessionId") String sessionId,
                            @Parameter(description = "any new value per request, e.g. a UUID", required = true,
                                    schema = @Schema(pattern = KEY_PATTERN, maxLength = 200))
                            @HeaderParam("Idempotency-Key") @NotNull @Pattern(regexp = KEY_PATTERN) String idempotencyKey,
                            @Parameter(in = ParameterIn.HEADER, name = "If-Match", required = true,
                                    description = "the session version the message was written against (its ETag)",
                                    example = "\"3\"", schema = @Schema(type = "string"))
                            @HeaderParam("If-Match") String ifMatch,
                            @RequestBody(required = true) @Valid @NotNull MessageBody body) {
        SessionId id = sessionId(sessionId);
        ExpectedVersion expected = expectedVersion(ifMatch);
        CommandOutcome.Accepted accepted = accept(commands.submit(
                new CommandRequest("SubmitMessage", Map.of("text", body.text())),
                meta(idempotencyKey, id, expected, caller.userId())));
        return accepted(id, idempotencyKey, "SubmitMessage", accepted);
    }

    @GET
    @Path("/{sessionId}/rounds")
    @Operation(summary = "The session's conversation, round by round", responses = {
            @ApiResponse(responseCode = "200", description = "the rounds, in order",
                    content = @Content(schema = @Schema(implementation = RoundList.class))),
            @ApiResponse(responseCode = "401", description = "no valid access token"),
            @ApiResponse(responseCode = "404", description = "no such session of the caller's")})
    public RoundList rounds(@Auth Caller caller, @PathParam("sessionId") String sessionId) {
        SessionId id = sessionId(sessionId);
        return new RoundList(queries.rounds(id, caller.userId()).orElseThrow(() -> notFound(sessionId))
                .stream().map(RoundView::of).toList());
    }

    @GET
    @Path("/{sessionId}/bible")
    @Operation(summary = "The story bible: the locked content of each stage", responses = {
            @ApiResponse(responseCode = "200", description = "the bible so far",
                    content = @Content(schema = @Schema(implementation = BibleView.class))),
            @ApiResponse(responseCode = "401", description = "no valid access token"),
            @ApiResponse(responseCode = "404", description = "no such session of the caller's")})
    public BibleView bible(@Auth Caller caller, @PathParam("sessionId") String sessionId) {
        SessionId id = sessionId(sessionId);
        return BibleView.of(bibles.handle(id, caller.userId()).orElseThrow(() -> notFound(sessionId)));
    }

    private Response accepted(SessionId path, String key, String type, CommandOutcome.Accepted accepted) {
        URI status = UriBuilder.fromPath(Api.V1).path("genesis/sessions/{session}/commands/{command}").build(path, key);
        CommandView view = new CommandView(key, accepted.sessionId().toString(), type, "COMPLETED", accepted.version(),
                accepted.replayed(), accepted.events().stream().map(EventView::of).toList(), null);
        return Response.accepted(view).location(status).tag(version(accepted.version())).build();
    }

    /** A JSON null counts as an absent member (the command's own checks then say what is missing). */
    static Map<String, Object> withoutNulls(Map<String, Object> payload) {
        Map<String, Object> present = new HashMap<>();
        if (payload != null) {
            payload.forEach((name, value) -> {
                if (name != null && value != null) {
                    present.put(name, value);
                }
            });
        }
        return present;
    }

    private static CommandOutcome.Accepted accept(CommandOutcome outcome) {
        if (outcome instanceof CommandOutcome.Rejected rejected) {
            throw new FailureException(rejected.failure());
        }
        return (CommandOutcome.Accepted) outcome;
    }

    private static CommandMeta meta(String key, SessionId session, ExpectedVersion expected, UserId user) {
        return new CommandMeta(new CommandId(key), session, expected, user,
                new CorrelationId(UUID.randomUUID().toString()), null);
    }

    /** {@code If-Match: "3"} (also {@code 3} or {@code W/"3"}): the version the command was written against. */
    static ExpectedVersion expectedVersion(String ifMatch) {
        if (ifMatch == null || ifMatch.isBlank()) {
            throw new WebApplicationException("If-Match is required: send the session version the command was written "
                    + "against (the ETag of GET the session), e.g. If-Match: \"3\"", 428);
        }
        String value = ifMatch.strip();
        if (value.startsWith("W/")) {
            value = value.substring(2);
        }
        if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
            value = value.substring(1, value.length() - 1);
        }
        try {
            long version = Long.parseLong(value);
            if (version >= 0) {
                return ExpectedVersion.exactly(version);
            }
        } catch (NumberFormatException notANumber) {
            // answered below
        }
        throw new FailureException(new Failure.Validation(
                "If-Match must be a session version such as \"3\", not '" + abbreviate(ifMatch) + "'", true));
    }

    private static SessionId sessionId(String text) {
        if (text == null || !text.matches(UUID_PATTERN)) {
            throw notFound(text);
        }
        return SessionId.of(text);
    }

    private static FailureException notFound(String sessionId) {
        return new FailureException(new Failure.NotFound("session " + abbreviate(sessionId) + " not found"));
    }

    private static EntityTag version(long version) {
        return new EntityTag(Long.toString(version));
    }

    private static URI sessionUri(SessionId id) {
        return UriBuilder.fromPath(Api.V1).path("genesis/sessions/{session}").build(id);
    }

    private static UUID nameUuid(String what, UserId user, String key) {
        return UUID.nameUUIDFromBytes((what + ":" + user + ":" + key).getBytes(StandardCharsets.UTF_8));
    }

    static String encodeCursor(SessionId last) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(last.toString().getBytes(StandardCharsets.UTF_8));
    }

    static SessionId decodeCursor(String cursor) {
        try {
            return SessionId.of(new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8));
        } catch (IllegalArgumentException malformed) {
            throw new FailureException(new Failure.Validation("cursor: not a cursor this API handed out", true));
        }
    }

    private static String abbreviate(String text) {
        if (text == null) {
            return "null";
        }
        return text.length() <= 64 ? text : text.substring(0, 64) + "…";
    }
}
