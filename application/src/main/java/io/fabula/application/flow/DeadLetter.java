package io.fabula.application.flow;

import io.fabula.application.orchestration.CapabilityTask;
import io.fabula.domain.failure.FailureKind;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * A message parked on {@code <topic>.DLT} (SPEC §3 step 4): what it was, where it came from, and why it
 * was given up. The adapter writes the headers {@code dlt_id}, {@code error_class}, {@code error_message},
 * {@code attempts}, {@code original_topic}, {@code original_partition}, {@code original_offset} and
 * {@code correlation_id}, and the body as the DLT envelope (docs/genesis-flow.md).
 *
 * @param original      where the message was consumed (topic, partition, offset, key)
 * @param payload       the message itself: the bytes as they arrived, or a task built by the orchestrator
 * @param attempts      how many times it was tried before being parked (1 for a poison message)
 * @param correlationId the writer request it serves, or {@code "unknown"} for an unreadable message
 */
public record DeadLetter(UUID id, Instant at, Delivery original, Payload payload, FailureKind kind, String message,
                         int attempts, String correlationId) {

    public DeadLetter {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(original, "original");
        Objects.requireNonNull(payload, "payload");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(correlationId, "correlation id");
        if (attempts < 1) {
            throw new IllegalArgumentException("a dead letter was tried at least once");
        }
    }

    /** Where it is parked. */
    public String topic() {
        return original.topic() + SUFFIX;
    }

    public static final String SUFFIX = ".DLT";

    /** What is parked. */
    public sealed interface Payload {
    }

    /** The consumed message, unchanged. */
    public record Raw(String text) implements Payload {
        public Raw {
            Objects.requireNonNull(text, "text");
        }
    }

    /** A task the orchestrator gave up on (the quality gate's last regeneration), written as a task message. */
    public record OfTask(CapabilityTask task) implements Payload {
        public OfTask {
            Objects.requireNonNull(task, "task");
        }
    }
}
