package io.fabula.adapters.in.kafka;

import io.fabula.application.flow.Delivery;
import io.fabula.application.flow.ParkMessage;
import io.fabula.application.flow.RunAgentTask;
import io.fabula.application.orchestration.Capability;
import io.fabula.application.orchestration.CapabilityTask;
import io.fabula.codec.flow.FlowCodec;
import io.fabula.domain.failure.FailureKind;
import java.time.Clock;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An agent worker's consumer of {@code genesis.<cap>.tasks} (SPEC §3 step 4): each task runs through
 * {@link RunAgentTask}; a task that cannot be read (or belongs to another capability) goes to the DLT at once.
 * A task's {@code delay} was already served by the outbox (it was published only once due), so the worker
 * starts at once — also for a replayed task.
 */
public final class AgentWorkerHandler implements MessageHandler {
    private static final Logger LOG = LoggerFactory.getLogger(AgentWorkerHandler.class);

    private final Capability capability;
    private final FlowCodec codec;
    private final RunAgentTask run;
    private final Parking parking;

    public AgentWorkerHandler(Capability capability, FlowCodec codec, RunAgentTask run, ParkMessage park, Clock clock) {
        this.capability = Objects.requireNonNull(capability, "capability");
        this.codec = Objects.requireNonNull(codec, "codec");
        this.run = Objects.requireNonNull(run, "run");
        this.parking = new Parking(park, clock);
    }

    @Override
    public void handle(Delivery delivery) {
        CapabilityTask task;
        try {
            task = codec.decodeTask(delivery.payload());
        } catch (IllegalArgumentException e) {
            parking.now(delivery, FailureKind.POISON, e.getMessage(), null);
            LOG.error("{} worker parked an unreadable task at {}@{}: {}", capability, delivery.topic(), delivery.offset(),
                    e.getMessage());
            return;
        }
        if (task.capability() != capability) {
            parking.now(delivery, FailureKind.POISON, "a " + task.capability() + " task on the " + capability + " topic",
                    task.correlationId().value());
            return;
        }
        long started = System.nanoTime();
        RunAgentTask.Outcome outcome = run.handle(task, delivery);
        LOG.info("{} {} {} of session {}: {} in {} ms [{}]", capability, task.purpose(), task.stage(), task.sessionId(),
                outcome.getClass().getSimpleName(), (System.nanoTime() - started) / 1_000_000, task.correlationId());
    }
}
