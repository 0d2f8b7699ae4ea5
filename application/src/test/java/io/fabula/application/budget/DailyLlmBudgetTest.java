package io.fabula.application.budget;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabula.application.agent.TokenUsage;
import io.fabula.application.MutableClock;
import io.fabula.domain.failure.Failure;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DailyLlmBudgetTest {
    /** 1 USD per 1 000 tokens in and out: 100 tokens cost 0.10 USD. */
    private static final PriceTable PRICES = new PriceTable(Map.of(
            PriceTable.DEFAULT, new PriceTable.Price(BigDecimal.ONE, BigDecimal.ONE),
            "gpt-cheap", new PriceTable.Price(new BigDecimal("0.0005"), new BigDecimal("0.0015"))));

    private final InMemoryBudgetLedger ledger = new InMemoryBudgetLedger();
    private final List<String> alerts = new ArrayList<>();
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-23T22:00:00Z"));
    private final DailyLlmBudget budget = new DailyLlmBudget(ledger, PRICES, BigDecimal.ONE, new BudgetAlerts() {
        @Override
        public void warning(java.time.LocalDate day, BigDecimal spent, BigDecimal limit) {
            alerts.add("warning " + spent + "/" + limit);
        }

        @Override
        public void tripped(java.time.LocalDate day, BigDecimal spent, BigDecimal limit) {
            alerts.add("tripped " + spent + "/" + limit);
        }
    }, clock);

    private static TokenUsage usage(String model, int in, int out) {
        return new TokenUsage(model, in, out, true, Duration.ofMillis(100), Optional.empty());
    }

    /** Charges {@code cents} cents with the default price. */
    private void spend(int cents) {
        budget.record(usage("some-model", cents * 10, 0), Optional.empty());
    }

    @Test
    void cost_is_tokens_times_the_models_price_and_unknown_models_pay_the_default() {
        assertThat(budget.record(usage("gpt-cheap", 1000, 2000), Optional.of(7L)).costUsd())
                .isEqualByComparingTo("0.0035");
        assertThat(budget.record(usage("mystery", 500, 500), Optional.empty()).costUsd()).isEqualByComparingTo("1.0");
    }

    @Test
    void below_eighty_percent_the_state_is_ok_and_calls_go_ahead() {
        spend(79);
        assertThat(budget.state().state()).isEqualTo(BudgetState.State.OK);
        assertThat(budget.check()).isEmpty();
        assertThat(alerts).isEmpty();
    }

    @Test
    void at_eighty_percent_a_warning_is_raised_once_and_calls_still_go_ahead() {
        spend(80);
        spend(5);
        assertThat(budget.state().state()).isEqualTo(BudgetState.State.WARNING);
        assertThat(budget.check()).isEmpty();
        assertThat(alerts).containsExactly("warning 0.800000/1");
    }

    @Test
    void at_one_hundred_percent_the_breaker_trips_and_refuses_calls_until_midnight_utc() {
        spend(60);
        spend(40);

        BudgetState state = budget.state();
        assertThat(state.state()).isEqualTo(BudgetState.State.TRIPPED);
        assertThat(state.remainingUsd()).isEqualByComparingTo("0");
        Optional<Failure.BudgetExceeded> refused = budget.check();
        assertThat(refused).hasValueSatisfying(failure -> {
            assertThat(failure.resetsAt()).isEqualTo(Instant.parse("2026-11-24T00:00:00Z"));
            assertThat(failure.reason()).contains("1 USD");
        });
        assertThat(alerts).containsExactly("tripped 1.000000/1", "warning 1.000000/1");
    }

    @Test
    void the_breaker_resets_at_midnight_utc() {
        spend(100);
        assertThat(budget.check()).isPresent();

        clock.set(Instant.parse("2026-11-24T00:00:00Z"));

        assertThat(budget.check()).isEmpty();
        assertThat(budget.state().spentUsd()).isEqualByComparingTo("0");
    }

    @Test
    void an_admin_raising_the_limit_closes_the_breaker_at_once_and_is_audited() {
        spend(100);
        assertThat(budget.check()).isPresent();

        BudgetState raised = budget.setLimit(new BigDecimal("5"), "admin@example.org", "launch day");

        assertThat(raised.state()).isEqualTo(BudgetState.State.OK);
        assertThat(raised.remainingUsd()).isEqualByComparingTo("4");
        assertThat(budget.check()).isEmpty();
        assertThat(ledger.limitChanges).containsExactly("5 by admin@example.org: launch day");
    }

    @Test
    void a_negative_limit_is_refused() {
        assertThatThrownBy(() -> budget.setLimit(new BigDecimal("-1"), "admin", "oops"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(ledger.limitChanges).isEmpty();
    }

    @Test
    void spend_is_reported_per_model() {
        budget.record(usage("gpt-cheap", 1000, 0), Optional.empty());
        budget.record(usage("other", 100, 0), Optional.empty());
        assertThat(budget.state().spentByModel()).containsOnlyKeys("gpt-cheap", "other");
    }

    @Test
    void an_unreadable_ledger_lets_calls_through() {
        DailyLlmBudget blind = new DailyLlmBudget(new InMemoryBudgetLedger() {
            @Override
            public synchronized Map<String, BigDecimal> spentByModel(java.time.LocalDate day) {
                throw new IllegalStateException("connection refused");
            }
        }, PRICES, BigDecimal.ONE, new BudgetAlerts() {
            @Override
            public void warning(java.time.LocalDate day, BigDecimal spent, BigDecimal limit) {
            }

            @Override
            public void tripped(java.time.LocalDate day, BigDecimal spent, BigDecimal limit) {
            }
        }, clock);
        assertThat(blind.check()).isEmpty();
    }

    @Test
    void a_price_table_without_a_default_is_refused() {
        assertThatThrownBy(() -> new PriceTable(Map.of("gpt", new PriceTable.Price(BigDecimal.ONE, BigDecimal.ONE))))
                .hasMessageContaining("default");
    }
}
