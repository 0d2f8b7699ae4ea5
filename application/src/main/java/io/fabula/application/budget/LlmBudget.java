package io.fabula.application.budget;

import io.fabula.application.agent.TokenUsage;
import io.fabula.domain.failure.Failure;
import java.util.Optional;

/**
 * The daily LLM budget breaker (SPEC §8), the port every agent worker calls around each LLM call:
 * <pre>{@code
 * Optional<Failure.BudgetExceeded> refused = budget.check();
 * if (refused.isPresent()) { ... fail the task with refused.get(): no retry until it resets ... }
 * GenerationResult result = generator.generate(request, tokens);
 * budget.record(result.usage(), Optional.of(agentRunId));   // also for failed calls: they were billed
 * }</pre>
 * Shared by every process: the spend is the sum of the PostgreSQL ledger of the current UTC day.
 */
public interface LlmBudget {

    /**
     * Empty when an LLM call may go ahead; {@link Failure.BudgetExceeded} (resets at the next 00:00 UTC)
     * when today's spend reached the limit. Fails open (empty) when the ledger cannot be read, so a
     * PostgreSQL hiccup does not stop generation; the spend is checked again on the next call.
     */
    Optional<Failure.BudgetExceeded> check();

    /**
     * Charges one call to today's ledger: cost = tokens × the model's price (per-model table in the YAML,
     * the {@code default} price for an unknown model). Crossing 80 % raises the warning once a day, 100 %
     * trips the breaker and alerts once a day.
     *
     * @param agentRunId the {@code agent_runs} row this call was recorded in, when there is one
     * @return the charge as recorded
     */
    BudgetCharge record(TokenUsage usage, Optional<Long> agentRunId);
}
