package io.fabula.application.budget;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A {@link BudgetLedger} in memory, for the use-case tests. */
class InMemoryBudgetLedger implements BudgetLedger {
    final List<BudgetCharge> charges = new ArrayList<>();
    final List<String> limitChanges = new ArrayList<>();
    private BigDecimal override;

    @Override
    public synchronized void charge(BudgetCharge charge, Optional<Long> agentRunId) {
        charges.add(charge);
    }

    @Override
    public synchronized Map<String, BigDecimal> spentByModel(LocalDate day) {
        Map<String, BigDecimal> byModel = new HashMap<>();
        charges.stream().filter(charge -> charge.day().equals(day))
                .forEach(charge -> byModel.merge(charge.model(), charge.costUsd(), BigDecimal::add));
        return byModel;
    }

    @Override
    public synchronized Optional<BigDecimal> limitOverride() {
        return Optional.ofNullable(override);
    }

    @Override
    public synchronized void setLimit(BigDecimal limitUsd, String actor, String reason) {
        override = limitUsd;
        limitChanges.add(limitUsd + " by " + actor + ": " + reason);
    }
}
