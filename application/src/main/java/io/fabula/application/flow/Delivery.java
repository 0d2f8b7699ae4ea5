package io.fabula.application.flow;

import java.util.Objects;

/**
 * Where a consumed message came from, kept so a message that cannot be processed can be parked on its
 * dead-letter topic with its origin (SPEC §3: original topic, partition and offset in the DLT headers).
 *
 * @param payload the record's value as it arrived (re-injected unchanged by a DLT replay)
 * @param replay  0 for an original message; n for its n-th replay from the DLT
 */
public record Delivery(String topic, int partition, long offset, String key, String payload, int replay) {
    public Delivery {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(payload, "payload");
        if (replay < 0) {
            throw new IllegalArgumentException("replay must not be negative");
        }
    }

    /** A message that did not come from Kafka (tests, in-process calls). */
    public static Delivery local(String topic, String key) {
        return new Delivery(topic, -1, -1, key, "{}", 0);
    }
}
