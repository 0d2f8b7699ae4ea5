package io.fabula.application.port.out;

import io.fabula.domain.id.CommandId;
import java.util.Optional;

/**
 * Every command Fabula accepted, by idempotency key, with its result ({@code command_inbox}): a
 * command sent again is answered from here, never applied twice (SPEC §2).
 */
public interface CommandInbox {

    /** The command recorded under this key, whatever its status; empty when the key is new. */
    Optional<InboxEntry> find(CommandId command);

    /**
     * Records a command as RECEIVED. Use cases call it before any other write, so two transactions
     * with the same key (or with the same pending type on one session) collide here first.
     *
     * @throws StoreConflict {@code IDEMPOTENCY_KEY_TAKEN} when the key is recorded already (also when
     *                       another transaction recorded it concurrently and committed);
     *                       {@code COMMAND_PENDING} when a command of the same type is RECEIVED or
     *                       PROCESSING on the same session
     */
    void receive(InboxEntry entry);

    /** Marks a RECEIVED command COMPLETED with its result. Idempotent for the same result. */
    void complete(CommandId command, CommandResult result);
}
