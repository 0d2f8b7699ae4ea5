package io.fabula.app.config;

import io.dropwizard.util.Duration;
import io.dropwizard.validation.MinDuration;
import io.fabula.application.budget.PriceTable;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import java.math.BigDecimal;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * The daily LLM budget breaker and the LLM error trip (SPEC §8).
 *
 * @param dailyLimitUsd     the day's budget (UTC day) until an admin sets another with POST /api/v1/admin/budget
 * @param prices            USD per 1 000 tokens per model; {@code default} is charged for unlisted models (required)
 * @param llmErrorThreshold more LLM 429/5xx than this within {@code llmErrorWindow} turn LLM_ENABLED off (10)
 * @param llmErrorWindow    the window of that count (1 h)
 */
public record BudgetConfig(
        @NotNull @DecimalMin("0") BigDecimal dailyLimitUsd,
        @NotEmpty Map<String, @Valid @NotNull ModelPrice> prices,
        @NotNull @Min(1) Integer llmErrorThreshold,
        @NotNull @MinDuration(value = 1, unit = TimeUnit.SECONDS) Duration llmErrorWindow) {

    /** @param input USD per 1 000 prompt tokens; @param output USD per 1 000 completion tokens */
    public record ModelPrice(@NotNull @DecimalMin("0") BigDecimal input, @NotNull @DecimalMin("0") BigDecimal output) {
    }

    /** @throws IllegalArgumentException when there is no {@code default} price */
    public PriceTable priceTable() {
        return new PriceTable(prices.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey,
                entry -> new PriceTable.Price(entry.getValue().input(), entry.getValue().output()))));
    }

    public java.time.Duration errorWindow() {
        return java.time.Duration.ofMillis(llmErrorWindow.toMilliseconds());
    }
}
