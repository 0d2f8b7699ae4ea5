package io.fabula.adapters.in.kafka;

import io.fabula.application.flow.Delivery;

/** Handles one consumed record; the loop commits its offset when this returns. */
@FunctionalInterface
public interface MessageHandler {

    /**
     * @throws RuntimeException when the effect could not be made durable (database down, ...): nothing was
     *                          written and the loop tries the same record again after a backoff
     */
    void handle(Delivery delivery);
}
