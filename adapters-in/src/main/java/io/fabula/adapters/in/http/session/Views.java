package io.fabula.adapters.in.http.session;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.fabula.application.port.out.BranchPoint;
import io.fabula.application.port.out.ConversationRound;
import io.fabula.application.port.out.SessionRecord;
import io.fabula.application.session.StoryBible;
import io.fabula.domain.event.DomainEvent;
import io.fabula.domain.stage.Stage;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.media.Schema.RequiredMode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The JSON the session resources answer with (snake_case, stable; the domain's records stay inside). */
public final class Views {
    private Views() {
    }

    @Schema(name = "Session", description = "A genesis session as stored after its latest accepted command")
    public record SessionView(
            @JsonProperty("session_id") @Schema(format = "uuid", requiredMode = RequiredMode.REQUIRED) String sessionId,
            @JsonProperty("novel_id") @Schema(format = "uuid", requiredMode = RequiredMode.REQUIRED) String novelId,
            @JsonProperty("status") @Schema(allowableValues = {"ACTIVE", "PAUSED", "COMPLETED", "ABANDONED", "FAILED"},
                    requiredMode = RequiredMode.REQUIRED) String status,
            @JsonProperty("current_stage") @Schema(allowableValues = {"CONCEPT", "THEME", "WORLD", "CHARACTERS", "PLOT",
                    "DETAILS"}, requiredMode = RequiredMode.REQUIRED) String currentStage,
            @JsonProperty("stages") @Schema(description = "state per stage: NOT_STARTED, IN_PROGRESS, AWAITING_REVIEW, LOCKED",
                    example = "{\"CONCEPT\": \"LOCKED\", \"THEME\": \"IN_PROGRESS\"}", requiredMode = RequiredMode.REQUIRED)
            Map<String, String> stages,
            @JsonProperty("version") @Schema(description = "send it as If-Match with the next command", example = "3",
                    requiredMode = RequiredMode.REQUIRED) long version,
            @JsonProperty("last_sequence") @Schema(example = "7", requiredMode = RequiredMode.REQUIRED) long lastSequence,
            @JsonProperty("branched_from") @JsonInclude(JsonInclude.Include.NON_NULL) BranchView branchedFrom) {

        static SessionView of(SessionRecord session, Optional<BranchPoint> branch) {
            Map<String, String> stages = new LinkedHashMap<>();
            for (Stage stage : Stage.values()) {
                stages.put(stage.name(), session.stages().containsKey(stage) ? session.stages().get(stage).name() : "NOT_STARTED");
            }
            return new SessionView(session.id().toString(), session.novelId().toString(), session.status().name(),
                    session.currentStage().name(), stages, session.version(), session.lastSequence(),
                    branch.map(b -> new BranchView(b.parent().toString(), b.fromRound(), b.fromRoundPath())).orElse(null));
        }
    }

    @Schema(name = "BranchPoint")
    public record BranchView(
            @JsonProperty("session_id") @Schema(format = "uuid", requiredMode = RequiredMode.REQUIRED) String sessionId,
            @JsonProperty("from_round") @Schema(requiredMode = RequiredMode.REQUIRED) long fromRound,
            @JsonProperty("from_round_path") @Schema(example = "2", requiredMode = RequiredMode.REQUIRED) String fromRoundPath) {
    }

    @Schema(name = "SessionPage", description = "One page of the caller's sessions, newest first")
    public record SessionPage(
            @JsonProperty("items") @Schema(requiredMode = RequiredMode.REQUIRED) List<SessionView> items,
            @JsonProperty("next_cursor") @Schema(description = "pass as ?cursor= for the next page; null on the last page",
                    nullable = true, requiredMode = RequiredMode.REQUIRED) String nextCursor) {
    }

    @Schema(name = "Event", description = "A domain event (SPEC §2, docs/events.md)")
    public record EventView(
            @JsonProperty("event_id") @Schema(format = "uuid", requiredMode = RequiredMode.REQUIRED) String eventId,
            @JsonProperty("event_type") @Schema(example = "Genesis.Session.Started", requiredMode = RequiredMode.REQUIRED)
            String eventType,
            @JsonProperty("session_id") @Schema(format = "uuid", requiredMode = RequiredMode.REQUIRED) String sessionId,
            @JsonProperty("sequence") @Schema(example = "1", requiredMode = RequiredMode.REQUIRED) long sequence,
            @JsonProperty("occurred_at") @Schema(format = "date-time", requiredMode = RequiredMode.REQUIRED) String occurredAt,
            @JsonProperty("stage") @Schema(example = "CONCEPT", requiredMode = RequiredMode.REQUIRED) String stage,
            @JsonProperty("content") @Schema(nullable = true, requiredMode = RequiredMode.REQUIRED) String content,
            @JsonProperty("quality_score") @Schema(nullable = true, requiredMode = RequiredMode.REQUIRED) Double qualityScore,
            @JsonProperty("attributes") @Schema(requiredMode = RequiredMode.REQUIRED) Map<String, String> attributes) {

        static EventView of(DomainEvent event) {
            return new EventView(event.eventId().toString(), event.type().typeName(), event.aggregateId().toString(),
                    event.sequence(), event.occurredAt().toString(), event.payload().stage().name(),
                    event.payload().content(), event.payload().qualityScore(), event.payload().attributes());
        }
    }

    @Schema(name = "CommandStatus", description = "A command and what it caused")
    public record CommandView(
            @JsonProperty("command_id") @Schema(description = "its Idempotency-Key", requiredMode = RequiredMode.REQUIRED)
            String commandId,
            @JsonProperty("session_id") @Schema(format = "uuid", requiredMode = RequiredMode.REQUIRED) String sessionId,
            @JsonProperty("type") @Schema(example = "ConfirmStage", requiredMode = RequiredMode.REQUIRED) String type,
            @JsonProperty("status") @Schema(allowableValues = {"RECEIVED", "PROCESSING", "COMPLETED", "FAILED"},
                    requiredMode = RequiredMode.REQUIRED) String status,
            @JsonProperty("version") @Schema(description = "the session version it produced (COMPLETED)", nullable = true,
                    requiredMode = RequiredMode.REQUIRED) Long version,
            @JsonProperty("replayed") @Schema(description = "true when this key had been used before: nothing new was written",
                    requiredMode = RequiredMode.REQUIRED) boolean replayed,
            @JsonProperty("events") @Schema(requiredMode = RequiredMode.REQUIRED) List<EventView> events,
            @JsonProperty("failure") @Schema(description = "why it was refused (FAILED)", nullable = true,
                    requiredMode = RequiredMode.REQUIRED) FailureView failure) {
    }

    @Schema(name = "CommandFailure")
    public record FailureView(
            @JsonProperty("kind") @Schema(example = "CONFLICT", requiredMode = RequiredMode.REQUIRED) String kind,
            @JsonProperty("reason") @Schema(requiredMode = RequiredMode.REQUIRED) String reason) {
    }

    @Schema(name = "Round", description = "One round of the session's conversation")
    public record RoundView(
            @JsonProperty("round_path") @Schema(example = "2.1", requiredMode = RequiredMode.REQUIRED) String roundPath,
            @JsonProperty("session_id") @Schema(format = "uuid", requiredMode = RequiredMode.REQUIRED) String sessionId,
            @JsonProperty("role") @Schema(allowableValues = {"WRITER", "AGENT", "SYSTEM"}, requiredMode = RequiredMode.REQUIRED)
            String role,
            @JsonProperty("command_type") @Schema(requiredMode = RequiredMode.REQUIRED) String commandType,
            @JsonProperty("command_id") @Schema(requiredMode = RequiredMode.REQUIRED) String commandId,
            @JsonProperty("input") @Schema(nullable = true, requiredMode = RequiredMode.REQUIRED) String input,
            @JsonProperty("output") @Schema(nullable = true, requiredMode = RequiredMode.REQUIRED) String output) {

        static RoundView of(ConversationRound round) {
            return new RoundView(round.roundPath(), round.sessionId().toString(), round.role().name(), round.commandType(),
                    round.commandId().value(), round.input(), round.output());
        }
    }

    @Schema(name = "Rounds")
    public record RoundList(@JsonProperty("items") @Schema(requiredMode = RequiredMode.REQUIRED) List<RoundView> items) {
    }

    @Schema(name = "StoryBible", description = "The locked content of each stage; complete once all six are locked")
    public record BibleView(
            @JsonProperty("session_id") @Schema(format = "uuid", requiredMode = RequiredMode.REQUIRED) String sessionId,
            @JsonProperty("novel_id") @Schema(format = "uuid", requiredMode = RequiredMode.REQUIRED) String novelId,
            @JsonProperty("status") @Schema(requiredMode = RequiredMode.REQUIRED) String status,
            @JsonProperty("version") @Schema(requiredMode = RequiredMode.REQUIRED) long version,
            @JsonProperty("complete") @Schema(requiredMode = RequiredMode.REQUIRED) boolean complete,
            @JsonProperty("stages") @Schema(requiredMode = RequiredMode.REQUIRED) List<BibleEntry> stages) {

        static BibleView of(StoryBible bible) {
            return new BibleView(bible.sessionId().toString(), bible.novelId().toString(), bible.status().name(),
                    bible.version(), bible.complete(), bible.stages().stream()
                    .map(e -> new BibleEntry(e.stage().name(), e.state().name(), e.content(), e.qualityScore())).toList());
        }
    }

    @Schema(name = "BibleEntry")
    public record BibleEntry(
            @JsonProperty("stage") @Schema(example = "WORLD", requiredMode = RequiredMode.REQUIRED) String stage,
            @JsonProperty("state") @Schema(example = "LOCKED", requiredMode = RequiredMode.REQUIRED) String state,
            @JsonProperty("content") @Schema(description = "the locked content; null until the stage is locked",
                    nullable = true, requiredMode = RequiredMode.REQUIRED) String content,
            @JsonProperty("quality_score") @Schema(nullable = true, requiredMode = RequiredMode.REQUIRED) Double qualityScore) {
    }
}
