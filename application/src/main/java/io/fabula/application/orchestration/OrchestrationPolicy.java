package io.fabula.application.orchestration;

import io.fabula.domain.event.DomainEvent;
import io.fabula.domain.event.EventPayload;
import io.fabula.domain.event.EventPayload.Attributes;
import io.fabula.domain.event.EventType;
import io.fabula.domain.id.CommandId;
import io.fabula.domain.session.CommandMeta;
import io.fabula.domain.session.ExpectedVersion;
import io.fabula.domain.session.SessionCommand;
import io.fabula.domain.stage.Stage;
import io.fabula.domain.stage.StageState;

import java.time.Duration;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;

import static io.fabula.domain.event.EventType.*;

/**
 * The orchestrator's decisions as one table, read left to right (SPEC §3):
 *
 * <pre>
 * domain event                         task purpose  capability (genesis.&lt;cap&gt;.tasks)
 * SeedRequested                        GENERATE      outline (concept)
 * Theme.Requested                      GENERATE      outline (theme)
 * World.Requested                      GENERATE      world (the world builder)
 * Character.Requested                  GENERATE      character
 * Plot.Requested                       GENERATE      plot
 * Details.Requested                    GENERATE      writer
 * every proposal but the world's       REVIEW        review
 * World.Created, World.Updated         VALIDATE      factcheck (graph validation; the world's review)
 * RevisionRequested                    REVISE        rewriter (worldsmith for WORLD)
 * RegenerationRequested                REGENERATE    the stage's generator, after the gate's delay
 * MessageSubmitted                     REPLY         the stage's generator
 * StageReopened                        GENERATE      the stage's generator
 * Resumed with the stage IN_PROGRESS   GENERATE      the stage's generator
 * anything else                        —             no task
 *
 * capability result                    command
 * Generated (outline, writer, world, character, plot, rewriter, worldsmith)   RecordProposal
 * Scored (review, factcheck)                                                  RecordReview
 * GaveUp (any)                                                                RecordFailure
 * </pre>
 *
 * Pure: no I/O, no clock. The orchestrator consumes {@code genesis.session.events}, writes the
 * task through the outbox and deduplicates on the event id; workers' results come back here.
 */
public final class OrchestrationPolicy {

    /** How one event type becomes a task. */
    private record Route(TaskPurpose purpose, Function<Stage, Capability> capability) {
    }

    private static final Map<EventType, Route> TABLE = table();

    private static Map<EventType, Route> table() {
        Map<EventType, Route> table = new EnumMap<>(EventType.class);
        table.put(SEED_REQUESTED, new Route(TaskPurpose.GENERATE, stage -> Capability.OUTLINE));
        table.put(THEME_REQUESTED, new Route(TaskPurpose.GENERATE, stage -> Capability.OUTLINE));
        table.put(WORLD_REQUESTED, new Route(TaskPurpose.GENERATE, stage -> Capability.WORLD));
        table.put(CHARACTER_REQUESTED, new Route(TaskPurpose.GENERATE, stage -> Capability.CHARACTER));
        table.put(PLOT_REQUESTED, new Route(TaskPurpose.GENERATE, stage -> Capability.PLOT));
        table.put(DETAILS_REQUESTED, new Route(TaskPurpose.GENERATE, stage -> Capability.WRITER));
        for (EventType proposal : new EventType[] {CONCEPT_PROPOSED, THEME_PROPOSED, THEME_REVISED,
                CHARACTER_CREATED, CHARACTER_UPDATED, PLOT_CREATED, DETAILS_COMPLETED}) {
            table.put(proposal, new Route(TaskPurpose.REVIEW, stage -> Capability.REVIEW));
        }
        table.put(WORLD_CREATED, new Route(TaskPurpose.VALIDATE, stage -> Capability.FACTCHECK));
        table.put(WORLD_UPDATED, new Route(TaskPurpose.VALIDATE, stage -> Capability.FACTCHECK));
        table.put(REVISION_REQUESTED, new Route(TaskPurpose.REVISE, Capability::rewriterOf));
        table.put(REGENERATION_REQUESTED, new Route(TaskPurpose.REGENERATE, Capability::generatorOf));
        table.put(MESSAGE_SUBMITTED, new Route(TaskPurpose.REPLY, Capability::generatorOf));
        table.put(STAGE_REOPENED, new Route(TaskPurpose.GENERATE, Capability::generatorOf));
        table.put(RESUMED, new Route(TaskPurpose.GENERATE, Capability::generatorOf));
        return Collections.unmodifiableMap(table);
    }

    /**
     * The task an event calls for, if any: at most one per event.
     *
     * @return empty for events no capability acts on, and for a {@code Resumed} whose stage waits
     *         for the writer rather than for an agent
     */
    public Optional<CapabilityTask> taskFor(DomainEvent event) {
        Route route = TABLE.get(event.type());
        if (route == null || event.type() == RESUMED && !resumesWork(event.payload())) {
            return Optional.empty();
        }
        EventPayload payload = event.payload();
        Map<String, String> inputs = new TreeMap<>(payload.attributes());
        if (payload.content() != null) {
            inputs.put("content", payload.content());
        }
        return Optional.of(new CapabilityTask(event.eventId(), route.capability().apply(payload.stage()),
                route.purpose(), payload.sessionId(), payload.novelId(), payload.userId(), payload.stage(),
                event.correlationId(), delayOf(payload), inputs));
    }

    /**
     * The command that records a worker's result in the session. Its idempotency key is derived from
     * the task, so a result consumed twice is the same command twice and is applied once. It is sent
     * with {@link ExpectedVersion#any()}: the stage state machine rejects a result that no longer fits.
     */
    public SessionCommand commandFor(CapabilityResult result) {
        CommandMeta meta = new CommandMeta(new CommandId("result:" + result.taskId()), result.sessionId(),
                ExpectedVersion.any(), result.userId(), result.correlationId(), null);
        CapabilityResult.Outcome outcome = result.outcome();
        if (outcome instanceof CapabilityResult.Generated generated) {
            return new SessionCommand.RecordProposal(meta, result.stage(), generated.content(),
                    generated.selfScore(), generated.elements());
        } else if (outcome instanceof CapabilityResult.Scored scored) {
            return new SessionCommand.RecordReview(meta, result.stage(), scored.score(), scored.findings());
        }
        CapabilityResult.GaveUp gaveUp = (CapabilityResult.GaveUp) outcome;
        return new SessionCommand.RecordFailure(meta, result.stage(), gaveUp.kind(), gaveUp.reason(), gaveUp.attempts());
    }

    private static boolean resumesWork(EventPayload payload) {
        return StageState.IN_PROGRESS.name().equals(payload.attribute(Attributes.STAGE_STATE));
    }

    private static Duration delayOf(EventPayload payload) {
        String millis = payload.attribute(Attributes.RETRY_DELAY_MS);
        return millis == null ? Duration.ZERO : Duration.ofMillis(Long.parseLong(millis));
    }
}
