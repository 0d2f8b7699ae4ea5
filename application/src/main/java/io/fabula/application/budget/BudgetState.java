package io.fabula.application.budget;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;

/**
 * Today's budget as {@code GET /api/v1/admin/budget} shows it.
 *
 * @param state    {@code OK}, {@code WARNING} (≥ 80 %) or {@code TRIPPED} (≥ 100 %: LLM calls refused)
 * @param resetsAt the next 00:00 UTC
 */
public record BudgetState(LocalDate day, BigDecimal limitUsd, BigDecimal spentUsd, BigDecimal remainingUsd,
                          State state, Map<String, BigDecimal> spentByModel, Instant resetsAt) {
    public enum State { OK, WARNING, TRIPPED }
}
