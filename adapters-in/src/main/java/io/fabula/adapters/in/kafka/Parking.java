package io.fabula.adapters.in.kafka;

import io.fabula.application.flow.DeadLetter;
import io.fabula.application.flow.Delivery;
import io.fabula.application.flow.ParkMessage;
import io.fabula.domain.failure.FailureKind;
import java.time.Clock;
import java.util.UUID;

/** Parks a record at once (poison, or refused by the session) with the reason. */
final class Parking {
    private final ParkMessage park;
    private final Clock clock;

    Parking(ParkMessage park, Clock clock) {
        this.park = park;
        this.clock = clock;
    }

    DeadLetter now(Delivery delivery, FailureKind kind, String reason, String correlationId) {
        DeadLetter letter = new DeadLetter(UUID.randomUUID(), clock.instant(), delivery, new DeadLetter.Raw(delivery.payload()),
                kind, reason, 1, correlationId == null ? "unknown" : correlationId);
        park.handle(letter);
        return letter;
    }
}
