package io.fabula.codec;

import io.fabula.domain.event.DomainEvent;
import io.fabula.domain.failure.Failure;

import java.util.Objects;

/**
 * What reading a message gave: the event, or why it can never be read. A poisoned message is not
 * dropped: the consumer sends it to the DLT with the reason in its headers (SPEC §2).
 */
public sealed interface DecodeResult {

    record Decoded(DomainEvent event) implements DecodeResult {
        public Decoded {
            Objects.requireNonNull(event, "event");
        }
    }

    record Poisoned(Failure.Poison failure) implements DecodeResult {
        public Poisoned {
            Objects.requireNonNull(failure, "failure");
        }
    }
}
