package io.fabula.application.flow;

import io.fabula.application.orchestration.Capability;
import io.fabula.application.orchestration.CapabilityTask;
import io.fabula.application.orchestration.OrchestrationPolicy;
import io.fabula.application.orchestration.TaskPurpose;
import io.fabula.domain.event.DomainEvent;
import io.fabula.domain.event.EventPayload.Attributes;
import io.fabula.domain.event.EventType;
import io.fabula.domain.failure.FailureKind;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * The orchestrator's half of SPEC §3 step 3: one session event in, at most one capability task out,
 * written through the outbox in the same transaction that records the event as handled — so an event
 * Kafka delivers twice causes its task once.
 *
 * <p>One more effect: when the quality gate gives up on a stage ({@code Failed} with failure kind
 * {@code QUALITY_REJECTED}, SPEC §4) the stage's generation task is parked on its DLT, so an operator sees
 * it next to every other task that could not be done. The session's {@code Failed} event itself is what
 * the writer is told about.
 */
public final class OrchestrateEvent {
    /** The consumer group (and dedup name) of the orchestrator. */
    public static final String GROUP = "orchestrator";

    private final FlowUnitOfWork flow;
    private final OrchestrationPolicy policy;
    private final Clock clock;
    private final Supplier<UUID> ids;

    public OrchestrateEvent(FlowUnitOfWork flow, OrchestrationPolicy policy, Clock clock, Supplier<UUID> ids) {
        this.flow = Objects.requireNonNull(flow, "flow");
        this.policy = Objects.requireNonNull(policy, "policy");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.ids = Objects.requireNonNull(ids, "ids");
    }

    /** What handling one event did. */
    public enum Outcome {
        /** a task was written */
        TASK_WRITTEN,
        /** no capability acts on this event */
        NO_TASK,
        /** the quality gate gave up: the stage's generation task was parked on its DLT */
        DEAD_LETTERED,
        /** the event had been handled before: nothing written */
        DUPLICATE
    }

    /**
     * @param delivery where the event was consumed (for a dead letter's headers)
     * @throws RuntimeException when the database cannot be written (nothing was; the caller retries)
     */
    public Outcome handle(DomainEvent event, Delivery delivery) {
        Objects.requireNonNull(event, "event");
        Objects.requireNonNull(delivery, "delivery");
        return flow.transact(stores -> {
            if (!stores.processed().firstTime(GROUP, event.eventId())) {
                return Outcome.DUPLICATE;
            }
            Optional<CapabilityTask> task = policy.taskFor(event);
            task.ifPresent(stores.outbox()::task);
            if (qualityGaveUp(event)) {
                stores.outbox().deadLetter(parkedGeneration(event, delivery));
                return Outcome.DEAD_LETTERED;
            }
            return task.isPresent() ? Outcome.TASK_WRITTEN : Outcome.NO_TASK;
        });
    }

    static boolean qualityGaveUp(DomainEvent event) {
        return event.type() == EventType.FAILED
                && FailureKind.QUALITY_REJECTED.name().equals(event.payload().attribute(Attributes.FAILURE_KIND));
    }

    /** The regeneration the gate refused to ask for, as the task it would have been, on the generator's task topic. */
    private DeadLetter parkedGeneration(DomainEvent failed, Delivery delivery) {
        var payload = failed.payload();
        Capability generator = Capability.generatorOf(payload.stage());
        String reason = Objects.requireNonNullElse(payload.attribute(Attributes.REASON), "quality gate gave up");
        CapabilityTask task = new CapabilityTask(failed.eventId(), generator, TaskPurpose.REGENERATE,
                payload.sessionId(), payload.novelId(), payload.userId(), payload.stage(), failed.correlationId(),
                Duration.ZERO, Map.of(Attributes.REASON, reason));
        int attempts = parseOr(payload.attribute(Attributes.ATTEMPT), 1);
        Delivery original = new Delivery(generator.taskTopic(), delivery.partition(), delivery.offset(),
                payload.sessionId().toString(), delivery.payload(), delivery.replay());
        return new DeadLetter(ids.get(), clock.instant(), original, new DeadLetter.OfTask(task),
                FailureKind.QUALITY_REJECTED, reason, Math.max(1, attempts), failed.correlationId().value());
    }

    private static int parseOr(String value, int fallback) {
        try {
            return value == null ? fallback : Integer.parseInt(value);
        } catch (NumberFormatException e) {
            return fallback;
        }
    }
}
