package io.fabula.application.budget;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Map;
import java.util.Optional;

/** The ledger of LLM spend per UTC day ({@code llm_budget_ledger}) and the limit an admin set. */
public interface BudgetLedger {

    /** Appends one charge. */
    void charge(BudgetCharge charge, Optional<Long> agentRunId);

    /** The spend of {@code day} in USD per model (models without spend are absent). */
    Map<String, BigDecimal> spentByModel(LocalDate day);

    /** The limit an admin set last, if any (it replaces the configured one until changed again). */
    Optional<BigDecimal> limitOverride();

    /** Records a new limit with who set it and why (the audit trail of budget changes). */
    void setLimit(BigDecimal limitUsd, String actor, String reason);
}
