package io.fabula.application.budget;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.Map;
import java.util.Objects;

/**
 * USD prices per 1 000 tokens, per model, with a {@code default} entry for models the table does not name
 * (so an unexpected model is still charged, never free).
 */
public record PriceTable(Map<String, Price> prices) {
    public static final String DEFAULT = "default";
    private static final BigDecimal THOUSAND = BigDecimal.valueOf(1_000);

    /** @param inputPer1k USD per 1 000 prompt tokens; @param outputPer1k USD per 1 000 completion tokens */
    public record Price(BigDecimal inputPer1k, BigDecimal outputPer1k) {
        public Price {
            if (inputPer1k.signum() < 0 || outputPer1k.signum() < 0) {
                throw new IllegalArgumentException("prices must not be negative");
            }
        }
    }

    public PriceTable {
        prices = Map.copyOf(Objects.requireNonNull(prices, "prices"));
        if (!prices.containsKey(DEFAULT)) {
            throw new IllegalArgumentException("the price table needs a '" + DEFAULT + "' entry for unknown models");
        }
    }

    public BigDecimal cost(String model, int tokensIn, int tokensOut) {
        Price price = prices.getOrDefault(model, prices.get(DEFAULT));
        BigDecimal in = price.inputPer1k().multiply(BigDecimal.valueOf(tokensIn));
        BigDecimal out = price.outputPer1k().multiply(BigDecimal.valueOf(tokensOut));
        return in.add(out).divide(THOUSAND, MathContext.DECIMAL64).setScale(6, RoundingMode.HALF_UP);
    }
}
