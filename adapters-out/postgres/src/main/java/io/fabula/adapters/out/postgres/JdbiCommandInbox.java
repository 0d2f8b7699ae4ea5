package io.fabula.adapters.out.postgres;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabula.application.port.out.CommandInbox;
import io.fabula.application.port.out.CommandResult;
import io.fabula.application.port.out.InboxEntry;
import io.fabula.application.port.out.StoreConflict;
import io.fabula.domain.failure.Failure;
import io.fabula.domain.id.CommandId;
import io.fabula.domain.id.EventId;
import io.fabula.domain.id.SessionId;
import io.fabula.domain.id.UserId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.StatementException;

/** {@code command_inbox}: commands by idempotency key, with the request hash and the stored result. */
final class JdbiCommandInbox implements CommandInbox {
    private static final String PENDING_INDEX = "command_inbox_one_pending_per_type_idx";

    private final Handle handle;

    JdbiCommandInbox(Handle handle) {
        this.handle = handle;
    }

    @Override
    public Optional<InboxEntry> find(CommandId command) {
        return handle.createQuery("""
                        select idempotency_key, session_id, user_id, command_type, request_hash, status, result::text as result
                        from command_inbox where idempotency_key = :key""")
                .bind("key", command.value())
                .map((rs, ctx) -> {
                    InboxEntry.Status status = InboxEntry.Status.valueOf(rs.getString("status"));
                    Optional<String> stored = Optional.ofNullable(rs.getString("result"));
                    boolean failed = status == InboxEntry.Status.FAILED;
                    return new InboxEntry(new CommandId(rs.getString("idempotency_key")),
                            new SessionId(rs.getObject("session_id", UUID.class)), new UserId(rs.getObject("user_id", UUID.class)),
                            rs.getString("command_type"), rs.getString("request_hash"), status,
                            failed ? Optional.empty() : stored.map(JdbiCommandInbox::result),
                            failed ? stored.map(StoredFailure::read) : Optional.empty());
                })
                .findOne();
    }

    @Override
    public void receive(InboxEntry entry) {
        int recorded;
        try {
            // a FAILED entry under the key is the same request decided again: it is taken over
            recorded = handle.createUpdate("""
                            insert into command_inbox (idempotency_key, session_id, user_id, command_type, request_hash, status)
                            values (:key, :sessionId, :userId, :commandType, :requestHash, :status)
                            on conflict (idempotency_key) do update
                            set session_id = excluded.session_id, user_id = excluded.user_id,
                                command_type = excluded.command_type, request_hash = excluded.request_hash,
                                status = excluded.status, result = null, error = null, updated_at = now()
                            where command_inbox.status = 'FAILED'""")
                    .bind("key", entry.commandId().value())
                    .bind("sessionId", entry.sessionId().value())
                    .bind("userId", entry.userId().value())
                    .bind("commandType", entry.commandType())
                    .bind("requestHash", entry.requestHash())
                    .bind("status", entry.status().name())
                    .execute();
        } catch (StatementException e) {
            Optional<String> constraint = UniqueViolation.constraintOf(e);
            if (constraint.isEmpty()) {
                throw e;
            }
            if (PENDING_INDEX.equals(constraint.get())) {
                throw new StoreConflict(StoreConflict.Reason.COMMAND_PENDING, 0,
                        "a " + entry.commandType() + " command is pending on session " + entry.sessionId());
            }
            throw keyTaken(entry);
        }
        if (recorded == 0) {
            throw keyTaken(entry); // recorded by a request that got further (RECEIVED, COMPLETED)
        }
    }

    private static StoreConflict keyTaken(InboxEntry entry) {
        return new StoreConflict(StoreConflict.Reason.IDEMPOTENCY_KEY_TAKEN, 0, "idempotency key " + entry.commandId() + " is taken");
    }

    @Override
    public void fail(InboxEntry entry) {
        Failure failure = entry.failure().orElseThrow(() -> new IllegalArgumentException("not a failed command: " + entry));
        // never downgrades a key a concurrent request took further; a FAILED one gets the newer failure
        handle.createUpdate("""
                        insert into command_inbox
                            (idempotency_key, session_id, user_id, command_type, request_hash, status, result, error)
                        values (:key, :sessionId, :userId, :commandType, :requestHash, 'FAILED', cast(:result as jsonb), :error)
                        on conflict (idempotency_key) do update
                        set result = excluded.result, error = excluded.error, updated_at = now()
                        where command_inbox.status = 'FAILED' and command_inbox.request_hash = excluded.request_hash""")
                .bind("key", entry.commandId().value())
                .bind("sessionId", entry.sessionId().value())
                .bind("userId", entry.userId().value())
                .bind("commandType", entry.commandType())
                .bind("requestHash", entry.requestHash())
                .bind("result", StoredFailure.write(failure))
                .bind("error", failure.reason())
                .execute();
    }

    @Override
    public void complete(CommandId command, CommandResult result) {
        int updated = handle.createUpdate("""
                        update command_inbox set status = 'COMPLETED', result = cast(:result as jsonb), updated_at = now()
                        where idempotency_key = :key""")
                .bind("key", command.value())
                .bind("result", Json.write(json(result)))
                .execute();
        if (updated != 1) {
            throw new IllegalStateException("command " + command + " was never received");
        }
    }

    private static Map<String, Object> json(CommandResult result) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("session_id", result.sessionId().toString());
        json.put("version", result.version());
        json.put("events", result.events().stream().map(EventId::toString).toList());
        return json;
    }

    private static CommandResult result(String text) {
        JsonNode json = Json.read(text);
        List<EventId> events = new ArrayList<>();
        json.path("events").forEach(id -> events.add(EventId.of(id.asText())));
        return new CommandResult(SessionId.of(json.path("session_id").asText()), json.path("version").asLong(), events);
    }
}
