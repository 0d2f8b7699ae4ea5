package io.fabula.application.agent;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.Map;
import java.util.Objects;

/**
 * What each model costs (USD per 1 000 tokens, prompt and completion separately), from the YAML; the
 * {@code fallback} price is charged for a model the table does not name, so an unlisted model is never free.
 */
public record PriceTable(Map<String, Price> prices, Price fallback) {

    public PriceTable {
        prices = Map.copyOf(prices);
        Objects.requireNonNull(fallback, "fallback price");
    }

    public static PriceTable free() {
        return new PriceTable(Map.of(), new Price(BigDecimal.ZERO, BigDecimal.ZERO));
    }

    /** The cost of one call, rounded to the micro-dollar ({@code agent_runs.cost numeric(12, 6)}). */
    public BigDecimal cost(String model, int tokensIn, int tokensOut) {
        Price price = prices.getOrDefault(model, fallback);
        BigDecimal in = price.inputPer1k().multiply(BigDecimal.valueOf(tokensIn));
        BigDecimal out = price.outputPer1k().multiply(BigDecimal.valueOf(tokensOut));
        return in.add(out).divide(BigDecimal.valueOf(1000), MathContext.DECIMAL64).setScale(6, RoundingMode.HALF_UP);
    }

    /** USD per 1 000 prompt tokens and per 1 000 completion tokens. */
    public record Price(BigDecimal inputPer1k, BigDecimal outputPer1k) {
        public Price {
            if (inputPer1k == null || outputPer1k == null || inputPer1k.signum() < 0 || outputPer1k.signum() < 0) {
                throw new IllegalArgumentException("prices must be zero or positive");
            }
        }
    }
}
