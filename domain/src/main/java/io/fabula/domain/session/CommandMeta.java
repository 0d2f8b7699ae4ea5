package io.fabula.domain.session;

import io.fabula.domain.id.CommandId;
import io.fabula.domain.id.CorrelationId;
import io.fabula.domain.id.SessionId;
import io.fabula.domain.id.UserId;

import java.util.Objects;

/**
 * What every command carries besides its own data.
 *
 * @param commandId       the idempotency key: the same key twice yields the first result again
 * @param expectedVersion the session version the sender saw
 * @param userId          who sends it; only the session's owner may (anyone else gets NotFound)
 * @param correlationId   copied into every event the command causes
 * @param traceId         the W3C trace id of the request, or null
 */
public record CommandMeta(
        CommandId commandId, SessionId sessionId, ExpectedVersion expectedVersion, UserId userId,
        CorrelationId correlationId, String traceId) {

    public CommandMeta {
        Objects.requireNonNull(commandId, "command id");
        Objects.requireNonNull(sessionId, "session id");
        Objects.requireNonNull(expectedVersion, "expected version");
        Objects.requireNonNull(userId, "user id");
        Objects.requireNonNull(correlationId, "correlation id");
    }
}
