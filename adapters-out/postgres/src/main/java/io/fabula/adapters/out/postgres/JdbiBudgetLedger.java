package io.fabula.adapters.out.postgres;

import io.fabula.application.budget.BudgetCharge;
import io.fabula.application.budget.BudgetLedger;
import io.fabula.application.budget.BudgetLedgerUnavailableException;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/**
 * {@link BudgetLedger} on {@code llm_budget_ledger} (changeset 005) and {@code llm_budget_limit} (012).
 * Every process charges the same rows, so the day's spend is shared without coordination.
 */
public final class JdbiBudgetLedger implements BudgetLedger {
    private static final int MAX_REASON_LENGTH = 1_000;

    private final Jdbi jdbi;

    public JdbiBudgetLedger(Jdbi jdbi) {
        this.jdbi = Objects.requireNonNull(jdbi, "jdbi");
    }

    @Override
    public void charge(BudgetCharge charge, Optional<Long> agentRunId) {
        run(() -> jdbi.useHandle(handle -> handle.createUpdate("""
                        insert into llm_budget_ledger (budget_day, model, tokens_in, tokens_out, cost_usd, agent_run_id)
                        values (:day, :model, :tokensIn, :tokensOut, :cost, :agentRunId)""")
                .bind("day", charge.day())
                .bind("model", charge.model())
                .bind("tokensIn", charge.tokensIn())
                .bind("tokensOut", charge.tokensOut())
                .bind("cost", charge.costUsd())
                .bind("agentRunId", agentRunId.orElse(null))
                .execute()));
    }

    @Override
    public Map<String, BigDecimal> spentByModel(LocalDate day) {
        return guarded(() -> jdbi.withHandle(handle -> {
            Map<String, BigDecimal> byModel = new LinkedHashMap<>();
            handle.createQuery("""
                            select model, sum(cost_usd) as spent from llm_budget_ledger
                            where budget_day = :day group by model order by model""")
                    .bind("day", day)
                    .map((rs, ctx) -> Map.entry(rs.getString("model"), rs.getBigDecimal("spent")))
                    .forEach(row -> byModel.put(row.getKey(), row.getValue()));
            return byModel;
        }));
    }

    @Override
    public Optional<BigDecimal> limitOverride() {
        return guarded(() -> jdbi.withHandle(handle -> handle.createQuery(
                        "select limit_usd from llm_budget_limit order by id desc limit 1")
                .mapTo(BigDecimal.class).findOne()));
    }

    @Override
    public void setLimit(BigDecimal limitUsd, String actor, String reason) {
        String why = reason.length() > MAX_REASON_LENGTH ? reason.substring(0, MAX_REASON_LENGTH) : reason;
        run(() -> jdbi.useHandle(handle -> handle.createUpdate("""
                        insert into llm_budget_limit (limit_usd, changed_by, reason) values (:limit, :actor, :reason)""")
                .bind("limit", limitUsd).bind("actor", actor).bind("reason", why)
                .execute()));
    }

    private static <T> T guarded(java.util.function.Supplier<T> work) {
        try {
            return work.get();
        } catch (org.jdbi.v3.core.JdbiException e) {
            throw new BudgetLedgerUnavailableException("budget ledger: " + e.getMessage(), e);
        }
    }

    private static void run(Runnable work) {
        guarded(() -> {
            work.run();
            return null;
        });
    }
}
