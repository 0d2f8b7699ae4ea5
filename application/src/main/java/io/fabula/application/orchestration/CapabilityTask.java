package io.fabula.application.orchestration;

import io.fabula.domain.id.CorrelationId;
import io.fabula.domain.id.EventId;
import io.fabula.domain.id.NovelId;
import io.fabula.domain.id.SessionId;
import io.fabula.domain.id.UserId;
import io.fabula.domain.stage.Stage;

import java.time.Duration;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One unit of work for an agent worker, caused by one domain event.
 *
 * @param taskId the id of the event that caused it: at most one task per event, so consumers
 *               deduplicate tasks by it and the result names the task it answers
 * @param delay  how long to wait before starting (regenerations wait 5/15/30 s); zero otherwise
 * @param inputs the event's content (as {@code content}) and attributes (feedback, hints, reason, ...)
 */
public record CapabilityTask(
        EventId taskId, Capability capability, TaskPurpose purpose,
        SessionId sessionId, NovelId novelId, UserId userId, Stage stage,
        CorrelationId correlationId, Duration delay, Map<String, String> inputs) {

    public CapabilityTask {
        Objects.requireNonNull(taskId, "task id");
        Objects.requireNonNull(capability, "capability");
        Objects.requireNonNull(purpose, "purpose");
        Objects.requireNonNull(sessionId, "session id");
        Objects.requireNonNull(novelId, "novel id");
        Objects.requireNonNull(userId, "user id");
        Objects.requireNonNull(stage, "stage");
        Objects.requireNonNull(correlationId, "correlation id");
        if (delay == null || delay.isNegative()) {
            throw new IllegalArgumentException("delay must be zero or positive");
        }
        inputs = Collections.unmodifiableSortedMap(new TreeMap<>(inputs));
    }

    /** The Kafka topic the task is written to (through the outbox), keyed by session id. */
    public String topic() {
        return capability.taskTopic();
    }
}
