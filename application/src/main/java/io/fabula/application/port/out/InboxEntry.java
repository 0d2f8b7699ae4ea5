package io.fabula.application.port.out;

import io.fabula.domain.failure.Failure;
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
 * @param failure     present when FAILED: why the command was refused. Nothing else of a refused command
 *                    was written; sent again with the same key and the same request it is decided afresh
 */
public record InboxEntry(
        CommandId commandId, SessionId sessionId, UserId userId, String commandType, String requestHash,
        Status status, Optional<CommandResult> result, Optional<Failure> failure) {

    /** The longest command type stored; a longer (made-up) type name is cut. */
    public static final int MAX_TYPE_LENGTH = 64;

    public enum Status { RECEIVED, PROCESSING, COMPLETED, FAILED }

    /** An entry that is not FAILED. */
    public InboxEntry(CommandId commandId, SessionId sessionId, UserId userId, String commandType, String requestHash,
                      Status status, Optional<CommandResult> result) {
        this(commandId, sessionId, userId, commandType, requestHash, status, result, Optional.empty());
    }

    public InboxEntry {
        Objects.requireNonNull(commandId, "command id");
        Objects.requireNonNull(sessionId, "session id");
        Objects.requireNonNull(userId, "user id");
        Objects.requireNonNull(commandType, "command type");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(result, "result");
        Objects.requireNonNull(failure, "failure");
        if (requestHash == null || !requestHash.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("request hash must be 64 hex digits");
        }
        if (status == Status.COMPLETED && result.isEmpty()) {
            throw new IllegalArgumentException("a completed command has a result");
        }
        if ((status == Status.FAILED) != failure.isPresent()) {
            throw new IllegalArgumentException("a failed command, and only a failed one, has a failure");
        }
    }

    public static InboxEntry received(CommandId commandId, SessionId sessionId, UserId userId, String commandType,
                                      String requestHash) {
        return new InboxEntry(commandId, sessionId, userId, commandType, requestHash, Status.RECEIVED, Optional.empty());
    }

    /** A command that was refused: nothing but this record was written. */
    public static InboxEntry failed(CommandId commandId, SessionId sessionId, UserId userId, String commandType,
                                    String requestHash, Failure failure) {
        String type = commandType.isBlank() ? "(none)" : commandType.strip();
        return new InboxEntry(commandId, sessionId, userId,
                type.length() <= MAX_TYPE_LENGTH ? type : type.substring(0, MAX_TYPE_LENGTH), requestHash,
                Status.FAILED, Optional.empty(), Optional.of(failure));
    }
}
