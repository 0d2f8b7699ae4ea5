package io.fabula.adapters.out.postgres;

import io.fabula.application.agent.AgentRun;
import io.fabula.application.agent.AgentRuns;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.Objects;
import org.jdbi.v3.core.Jdbi;

/** {@code agent_runs}: one row per agent call, in its own short transaction. */
public final class JdbiAgentRuns implements AgentRuns {
    private static final int MAX_ERROR_LENGTH = 2_000;

    private final Jdbi jdbi;

    public JdbiAgentRuns(Jdbi jdbi) {
        this.jdbi = Objects.requireNonNull(jdbi, "jdbi");
    }

    @Override
    public long record(AgentRun run) {
        String error = run.error() == null || run.error().length() <= MAX_ERROR_LENGTH ? run.error()
                : run.error().substring(0, MAX_ERROR_LENGTH);
        return jdbi.withHandle(handle -> handle.createUpdate("""
                        insert into agent_runs (capability, model, session_id, task_id, tokens_in, tokens_out, cost,
                                                latency_ms, status, error, correlation_id, started_at)
                        values (:capability, :model, :sessionId, :taskId, :tokensIn, :tokensOut, :cost,
                                :latencyMs, :status, :error, :correlationId, :startedAt)""")
                .bind("capability", run.capability().name().toLowerCase(Locale.ROOT))
                .bind("model", run.model())
                .bind("sessionId", run.sessionId().value())
                .bind("taskId", run.taskId())
                .bind("tokensIn", run.tokensIn())
                .bind("tokensOut", run.tokensOut())
                .bind("cost", run.cost())
                .bind("latencyMs", (int) Math.min(Integer.MAX_VALUE, run.latency().toMillis()))
                .bind("status", run.status().name())
                .bind("error", error)
                .bind("correlationId", run.correlationId().value())
                .bind("startedAt", OffsetDateTime.ofInstant(run.startedAt(), ZoneOffset.UTC))
                .executeAndReturnGeneratedKeys("id")
                .mapTo(Long.class)
                .one());
    }
}
