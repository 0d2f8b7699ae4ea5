package io.fabula.application.budget;

import io.fabula.application.agent.TokenUsage;
import io.fabula.domain.failure.Failure;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * {@link LlmBudget} over the PostgreSQL ledger: today's spend (UTC day) against the limit (the admin's
 * override if one was set, else the configured one). The day rolls over at 00:00 UTC, which resets the breaker.
 */
public final class DailyLlmBudget implements LlmBudget {
    private static final Logger LOG = Logger.getLogger(DailyLlmBudget.class.getName());
    private static final BigDecimal WARNING_RATIO = new BigDecimal("0.80");

    private final BudgetLedger ledger;
    private final PriceTable prices;
    private final BigDecimal configuredLimit;
    private final BudgetAlerts alerts;
    private final Clock clock;
    private final AtomicReference<LocalDate> warnedOn = new AtomicReference<>();
    private final AtomicReference<LocalDate> trippedOn = new AtomicReference<>();

    public DailyLlmBudget(BudgetLedger ledger, PriceTable prices, BigDecimal configuredLimit, BudgetAlerts alerts,
                          Clock clock) {
        this.ledger = Objects.requireNonNull(ledger, "ledger");
        this.prices = Objects.requireNonNull(prices, "prices");
        this.configuredLimit = Objects.requireNonNull(configuredLimit, "configured limit");
        this.alerts = Objects.requireNonNull(alerts, "alerts");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public Optional<Failure.BudgetExceeded> check() {
        BudgetState state;
        try {
            state = state();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "budget ledger unreadable, letting the call through: " + e.getMessage());
            return Optional.empty();
        }
        if (state.state() == BudgetState.State.TRIPPED) {
            return Optional.of(new Failure.BudgetExceeded("daily LLM budget of " + state.limitUsd() + " USD spent ("
                    + state.spentUsd() + " USD)", state.resetsAt()));
        }
        return Optional.empty();
    }

    @Override
    public BudgetCharge record(TokenUsage usage, Optional<Long> agentRunId) {
        LocalDate day = today();
        BudgetCharge charge = new BudgetCharge(day, usage.model(), usage.tokensIn(), usage.tokensOut(),
                prices.cost(usage.model(), usage.tokensIn(), usage.tokensOut()));
        ledger.charge(charge, agentRunId);
        alertOn(state());
        return charge;
    }

    /** Today's limit, spend, remainder and state. */
    public BudgetState state() {
        LocalDate day = today();
        Map<String, BigDecimal> byModel = ledger.spentByModel(day);
        BigDecimal spent = byModel.values().stream().reduce(BigDecimal.ZERO, BigDecimal::add);
        BigDecimal limit = ledger.limitOverride().orElse(configuredLimit);
        BudgetState.State state;
        if (spent.compareTo(limit) >= 0) {
            state = BudgetState.State.TRIPPED;
        } else if (spent.compareTo(limit.multiply(WARNING_RATIO)) >= 0) {
            state = BudgetState.State.WARNING;
        } else {
            state = BudgetState.State.OK;
        }
        BigDecimal remaining = limit.subtract(spent).max(BigDecimal.ZERO);
        Instant resetsAt = day.plusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC);
        return new BudgetState(day, limit, spent, remaining, state, byModel, resetsAt);
    }

    /**
     * An admin's new limit (audited); takes effect at once in every process (they read it with the spend).
     *
     * @throws IllegalArgumentException for a negative limit
     */
    public BudgetState setLimit(BigDecimal limitUsd, String actor, String reason) {
        if (limitUsd == null || limitUsd.signum() < 0) {
            throw new IllegalArgumentException("the budget limit must be a non-negative number of USD");
        }
        ledger.setLimit(limitUsd, actor, reason);
        return state();
    }

    private void alertOn(BudgetState state) {
        if (state.state() != BudgetState.State.TRIPPED) {
            trippedOn.compareAndSet(state.day(), null); // raised by an admin: a later trip today alerts again
        }
        if (state.state() == BudgetState.State.TRIPPED && !state.day().equals(trippedOn.getAndSet(state.day()))) {
            alerts.tripped(state.day(), state.spentUsd(), state.limitUsd());
        }
        if (state.state() != BudgetState.State.OK && !state.day().equals(warnedOn.getAndSet(state.day()))) {
            alerts.warning(state.day(), state.spentUsd(), state.limitUsd());
        }
    }

    private LocalDate today() {
        return LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
    }
}
