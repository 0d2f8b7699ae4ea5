package io.fabula.adapters.out.postgres;

import io.fabula.application.port.out.ConversationLog;
import io.fabula.application.port.out.ConversationRound;
import io.fabula.application.port.out.StoreConflict;
import io.fabula.domain.id.CommandId;
import io.fabula.domain.id.CorrelationId;
import io.fabula.domain.id.SessionId;
import java.util.List;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.StatementException;

/** {@code conversation_rounds}: one row per accepted command. */
final class JdbiConversationLog implements ConversationLog {
    private final Handle handle;

    JdbiConversationLog(Handle handle) {
        this.handle = handle;
    }

    @Override
    public void record(ConversationRound round) {
        try {
            handle.createUpdate("""
                            insert into conversation_rounds
                                (session_id, round_path, role, command_type, command_id, input, output, correlation_id)
                            values (:sessionId, :roundPath, :role, :commandType, :commandId, :input, :output, :correlationId)""")
                    .bind("sessionId", round.sessionId().value())
                    .bind("roundPath", round.roundPath())
                    .bind("role", round.role().name())
                    .bind("commandType", round.commandType())
                    .bind("commandId", round.commandId().value())
                    .bind("input", round.input())
                    .bind("output", round.output())
                    .bind("correlationId", round.correlationId().value())
                    .execute();
        } catch (StatementException e) {
            if (UniqueViolation.constraintOf(e).isPresent()) {
                throw new StoreConflict(StoreConflict.Reason.STALE_VERSION, 0,
                        "session " + round.sessionId() + " already has round " + round.roundPath());
            }
            throw e;
        }
    }

    @Override
    public List<ConversationRound> rounds(SessionId session) {
        // round paths order numerically per component: '2' < '2.1' < '10'
        return handle.createQuery("""
                        select session_id, round_path, role, command_type, command_id, input, output, correlation_id
                        from conversation_rounds where session_id = :sessionId
                        order by string_to_array(round_path, '.')::int[]""")
                .bind("sessionId", session.value())
                .map((rs, ctx) -> new ConversationRound(new SessionId(rs.getObject("session_id", UUID.class)),
                        rs.getString("round_path"), ConversationRound.Role.valueOf(rs.getString("role")),
                        rs.getString("command_type"), new CommandId(rs.getString("command_id")),
                        rs.getString("input"), rs.getString("output"), new CorrelationId(rs.getString("correlation_id"))))
                .list();
    }
}
