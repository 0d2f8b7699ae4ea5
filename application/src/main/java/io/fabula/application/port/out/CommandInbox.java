package io.fabula.application.port.out;

import io.fabula.domain.id.CommandId;
import java.util.Optional;

/**
 * Every command Fabula accepted or refused, by idempotency key, with its result or its failure
 * ({@code command_inbox}): an accepted command sent again is answered from here, never applied twice
 * (SPEC §2); a refused one can be looked up (status FAILED with the reason) and, since it changed
 * nothing, is decided afresh when sent again.
 */
public interface CommandInbox {

    /** The command recorded under this key, whatever its status; empty when the key is new. */
    Optional<InboxEntry> find(CommandId command);

    /**
     * Records a command as RECEIVED. Use cases call it before any other write, so two transactions
     * with the same key (or with the same pending type on one session) collide here first. A FAILED
     * entry under the same key is taken over (the command is being decided again).
     *
     * @throws StoreConflict {@code IDEMPOTENCY_KEY_TAKEN} when the key is recorded already (also when
     *                       another transaction recorded it concurrently and committed);
     *                       {@code COMMAND_PENDING} when a command of the same type is RECEIVED or
     *                       PROCESSING on the same session
     */
    void receive(InboxEntry entry);

    /** Marks a RECEIVED command COMPLETED with its result. Idempotent for the same result. */
    void complete(CommandId command, CommandResult result);

    /**
     * Records a refused command as FAILED with its failure ({@link InboxEntry#failed}), or updates the
     * FAILED entry under its key. Leaves an entry that is RECEIVED, PROCESSING or COMPLETED alone (a
     * concurrent request with the same key got further): such a key is never downgraded.
     */
    void fail(InboxEntry entry);
}
