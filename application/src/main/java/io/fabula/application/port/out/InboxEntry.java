package io.fabula.application.port.out;

import io.fabula.domain.id.CommandId;
import io.fabula.domain.id.SessionId;
import io.fabula.domain.id.UserId;
import java.util.Objects;
import java.util.Optional;

/**
 * A command as the inbox remembers it.
 *
 * @param requestHash SHA-256 (hex) of what the command asks for, without its metadata: the same key
 *                    with another hash is another request reusing a key, not a retry
 * @param result      present once COMPLETED
 */
public record InboxEntry(
        CommandId commandId, SessionId sessionId, UserId userId, String commandType, String requestHash,
        Status status, Optional<CommandResult> result) {

    public enum Status { RECEIVED, PROCESSING, COMPLETED, FAILED }

    public InboxEntry {
        Objects.requireNonNull(commandId, "command id");
        Objects.requireNonNull(sessionId, "session id");
        Objects.requireNonNull(userId, "user id");
        Objects.requireNonNull(commandType, "command type");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(result, "result");
        if (requestHash == null || !requestHash.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("request hash must be 64 hex digits");
        }
        if (status == Status.COMPLETED && result.isEmpty()) {
            throw new IllegalArgumentException("a completed command has a result");
        }
    }

    public static InboxEntry received(CommandId commandId, SessionId sessionId, UserId userId, String commandType,
                                      String requestHash) {
        return new InboxEntry(commandId, sessionId, userId, commandType, requestHash, Status.RECEIVED, Optional.empty());
    }
}
