package io.fabula.application.agent;

import io.fabula.domain.failure.Failure;
import java.util.Optional;

/**
 * The daily LLM budget's breaker as an agent sees it (SPEC §8): asked before every call, told the cost
 * after it. The operations side implements it on the budget ledger; until then {@link #UNLIMITED}.
 */
public interface BudgetGuard {

    /** Empty when a call may go ahead; a {@link Failure.BudgetExceeded} when the breaker has tripped. */
    Optional<Failure> admit();

    /** Charges a finished call (successful or not) to today's budget. Must not throw. */
    void charge(AgentRun run);

    BudgetGuard UNLIMITED = new BudgetGuard() {
        @Override
        public Optional<Failure> admit() {
            return Optional.empty();
        }

        @Override
        public void charge(AgentRun run) {
        }
    };
}
