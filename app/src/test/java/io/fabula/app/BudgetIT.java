package io.fabula.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.codahale.metrics.MetricRegistry;
import io.dropwizard.util.Duration;
import io.fabula.app.config.BudgetConfig;
import io.fabula.app.wiring.OperationsWiring;
import io.fabula.application.agent.TokenUsage;
import io.fabula.application.budget.BudgetAlerts;
import io.fabula.application.budget.BudgetState;
import io.fabula.application.budget.DailyLlmBudget;
import io.fabula.infra.Endpoints;
import io.fabula.testsupport.Server;
import io.fabula.testsupport.WithInfra;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The budget breaker on a real PostgreSQL ledger, shared by two "processes" (SPEC §8). */
@WithInfra(Server.POSTGRES)
class BudgetIT {
    /** A tiny budget: 0.10 USD; the default price makes 1 000 tokens cost 0.01 USD. */
    private static final BudgetConfig TINY = new BudgetConfig(new BigDecimal("0.10"),
            Map.of("default", new BudgetConfig.ModelPrice(new BigDecimal("0.01"), new BigDecimal("0.01"))),
            10, Duration.hours(1));

    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-11-23T23:00:00Z"));
    private final Clock clock = new Clock() {
        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now.get();
        }
    };
    private final List<String> alerts = new CopyOnWriteArrayList<>();
    private MigratedDatabase database;

    @BeforeEach
    void freshDatabase(Endpoints.Postgres postgres) {
        database = MigratedDatabase.create(postgres, "budget");
    }

    private DailyLlmBudget process() {
        BudgetAlerts recorder = new BudgetAlerts() {
            @Override
            public void warning(LocalDate day, BigDecimal spent, BigDecimal limit) {
                alerts.add("warning " + day);
            }

            @Override
            public void tripped(LocalDate day, BigDecimal spent, BigDecimal limit) {
                alerts.add("tripped " + day);
            }
        };
        return OperationsWiring.budget(database.jdbi(), new MetricRegistry(), TINY, clock, List.of(recorder));
    }

    private static TokenUsage thousandTokens() {
        return new TokenUsage("gpt-4o-mini", 600, 400, true, java.time.Duration.ofMillis(900), Optional.empty());
    }

    @Test
    void the_breaker_warns_at_80_percent_trips_at_100_in_every_process_and_resets_at_midnight_utc() {
        DailyLlmBudget worker = process();
        DailyLlmBudget server = process();

        for (int i = 0; i < 8; i++) {
            worker.record(thousandTokens(), Optional.empty());
        }
        assertThat(alerts).containsExactly("warning 2026-11-23");
        assertThat(server.state().state()).isEqualTo(BudgetState.State.WARNING);
        assertThat(server.check()).isEmpty();

        worker.record(thousandTokens(), Optional.empty());
        worker.record(thousandTokens(), Optional.empty());

        assertThat(alerts).containsExactly("warning 2026-11-23", "tripped 2026-11-23");
        BudgetState tripped = server.state();
        assertThat(tripped.state()).isEqualTo(BudgetState.State.TRIPPED);
        assertThat(tripped.spentUsd()).isEqualByComparingTo("0.10");
        assertThat(tripped.remainingUsd()).isEqualByComparingTo("0");
        assertThat(tripped.spentByModel()).containsOnlyKeys("gpt-4o-mini");
        assertThat(server.check()).hasValueSatisfying(refusal ->
                assertThat(refusal.resetsAt()).isEqualTo(Instant.parse("2026-11-24T00:00:00Z")));
        assertThat(worker.check()).isPresent();

        now.set(Instant.parse("2026-11-24T00:00:00Z"));

        assertThat(server.check()).isEmpty();
        assertThat(server.state().spentUsd()).isEqualByComparingTo("0");
    }

    @Test
    void an_admin_raising_the_budget_reopens_the_breaker_in_every_process_and_is_audited() {
        DailyLlmBudget worker = process();
        DailyLlmBudget admin = process();
        for (int i = 0; i < 10; i++) {
            worker.record(thousandTokens(), Optional.empty());
        }
        assertThat(worker.check()).isPresent();

        admin.setLimit(new BigDecimal("1.00"), "admin@example.org", "launch day");

        assertThat(worker.check()).isEmpty();
        assertThat(worker.state().limitUsd()).isEqualByComparingTo("1.00");
        String audit = database.jdbi().withHandle(handle -> handle.createQuery(
                "select changed_by || ': ' || reason from llm_budget_limit").mapTo(String.class).one());
        assertThat(audit).isEqualTo("admin@example.org: launch day");
    }
}
