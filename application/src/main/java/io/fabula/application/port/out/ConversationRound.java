package io.fabula.application.port.out;

import io.fabula.domain.id.CommandId;
import io.fabula.domain.id.CorrelationId;
import io.fabula.domain.id.SessionId;
import java.util.Objects;

/**
 * One round of a session's conversation: what the writer (or an agent, through a worker) said and
 * what came of it.
 *
 * @param roundPath "1", "2", ... by the version the command produced ("2.1" for branches, later)
 * @param input     what the writer sent (seed, message, hints, feedback, reason), or null
 * @param output    what an agent produced (proposal, review, failure), or null
 */
public record ConversationRound(
        SessionId sessionId, String roundPath, Role role, String commandType, CommandId commandId,
        String input, String output, CorrelationId correlationId) {

    public enum Role { WRITER, AGENT, SYSTEM }

    public ConversationRound {
        Objects.requireNonNull(sessionId, "session id");
        Objects.requireNonNull(roundPath, "round path");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(commandType, "command type");
        Objects.requireNonNull(commandId, "command id");
        Objects.requireNonNull(correlationId, "correlation id");
        if (!roundPath.matches("[0-9]+(\\.[0-9]+)*")) {
            throw new IllegalArgumentException("not a round path: " + roundPath);
        }
    }
}
