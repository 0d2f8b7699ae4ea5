package io.fabula.app.wiring;

import com.codahale.metrics.CachedGauge;
import com.codahale.metrics.Counter;
import com.codahale.metrics.Gauge;
import com.codahale.metrics.MetricRegistry;
import io.dropwizard.core.setup.Environment;
import io.dropwizard.lifecycle.Managed;
import io.fabula.adapters.in.admin.FlagTask;
import io.fabula.adapters.in.admin.FlagTaskFilter;
import io.fabula.adapters.in.http.admin.AdminBudgetResource;
import io.fabula.adapters.in.http.admin.AdminConfigResource;
import io.fabula.adapters.in.http.admin.AdminHealthResource;
import io.fabula.adapters.out.kafka.KafkaConsumerLag;
import io.fabula.adapters.out.postgres.JdbiOutboxQueue;
import io.fabula.adapters.out.postgres.JdbiRecentAgentRuns;
import io.fabula.adapters.out.redis.RedisWorkerBeats;
import io.fabula.application.health.DependencyProbe;
import io.fabula.application.ops.HealthReport;
import io.fabula.application.orchestration.Capability;
import io.fabula.application.ops.ReportHealth;
import io.fabula.adapters.out.postgres.JdbiBudgetLedger;
import io.fabula.adapters.out.postgres.JdbiSwitchStore;
import io.fabula.adapters.out.redis.RedisSwitchBroadcast;
import io.fabula.app.config.BudgetConfig;
import io.fabula.app.config.SwitchesConfig;
import io.fabula.application.budget.BudgetAlerts;
import io.fabula.application.budget.BudgetState;
import io.fabula.application.budget.DailyLlmBudget;
import io.fabula.application.budget.LlmBudget;
import io.fabula.application.switches.LlmErrorWatch;
import io.fabula.application.switches.HotSwitches;
import io.fabula.application.switches.Switch;
import io.fabula.application.switches.SwitchAlarm;
import io.fabula.application.switches.Switches;
import jakarta.servlet.DispatcherType;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.LocalDate;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.UnifiedJedis;

/**
 * Operations (SPEC §8, §10) wired for one process: the hot switches every other wiring takes from
 * {@link #switches()}, their admin task, metrics and alarms.
 *
 * <p>Build it once in {@code FabulaApplication.run} (every role that runs it: server, dev, worker, relay)
 * before the other wirings, and hand {@code operations.switches()} to them.
 */
public final class OperationsWiring {
    private static final Logger LOG = LoggerFactory.getLogger(OperationsWiring.class);
    /** Environment variables {@code FABULA_SWITCH_<NAME>} are the fallback when the store is unreachable. */
    public static final String SWITCH_ENV_PREFIX = "FABULA_SWITCH_";

    private final HotSwitches switches;
    private final DailyLlmBudget budget;
    private final LlmErrorWatch llmErrors;
    private final List<BudgetAlerts> budgetListeners = new CopyOnWriteArrayList<>();
    private final Map<String, Supplier<String>> breakers = new java.util.concurrent.ConcurrentSkipListMap<>();

    private OperationsWiring(HotSwitches switches, Clients clients, BudgetConfig budgetConfig) {
        this.switches = switches;
        MetricRegistry metrics = clients.metrics();
        this.budget = budget(clients.jdbi(), metrics, budgetConfig, clients.clock(), budgetListeners);
        Counter errors = metrics.counter("llm.errors");
        this.llmErrors = new LlmErrorWatch(switches, clients.clock(), budgetConfig.llmErrorThreshold(),
                budgetConfig.errorWindow(), failure -> errors.inc());
    }

    /** Builds the operations side and registers its lifecycle, admin task and metrics with {@code environment}. */
    public static OperationsWiring wire(Clients clients, SwitchesConfig config, BudgetConfig budgetConfig,
                                        Environment environment) {
        OperationsWiring wiring = new OperationsWiring(
                hotSwitches(clients.jdbi(), clients.redis(), clients.metrics(), config,
                        environment.lifecycle()::manage, System.getenv()), clients, budgetConfig);
        FlagTask flagTask = new FlagTask(wiring.switches);
        environment.admin().addTask(flagTask);
        environment.jersey().register(new AdminConfigResource(wiring.switches));
        environment.jersey().register(new AdminBudgetResource(wiring.budget));
        environment.admin().addFilter("flag-task", new FlagTaskFilter(flagTask))
                .addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST), true, "/tasks/" + FlagTask.NAME);
        return wiring;
    }

    /**
     * The switches of one process, refreshed by the Redis broadcast and a periodic re-read, started and
     * stopped by {@code lifecycle}. Public for tests that run several "processes" in one JVM.
     */
    public static HotSwitches hotSwitches(Jdbi jdbi, UnifiedJedis redis, MetricRegistry metrics, SwitchesConfig config,
                                          Consumer<Managed> lifecycle, Map<String, String> env) {
        Counter trips = metrics.counter("switches.trips");
        SwitchAlarm alarm = (which, reason) -> {
            trips.inc();
            metrics.counter("switches.trips." + which.name().toLowerCase(Locale.ROOT)).inc();
            LOG.error("ALERT switch {} tripped off automatically: {}", which, reason);
        };
        RedisSwitchBroadcast broadcast = new RedisSwitchBroadcast(redis, config.channel());
        HotSwitches switches = new HotSwitches(new JdbiSwitchStore(jdbi), broadcast, alarm, fallback(env));
        for (Switch which : Switch.values()) {
            metrics.gauge("switches." + which.name().toLowerCase(Locale.ROOT) + ".enabled",
                    () -> (Gauge<Integer>) () -> switches.isOn(which) ? 1 : 0);
        }
        metrics.gauge("switches.store.reachable",
                () -> (Gauge<Integer>) () -> switches.source() == HotSwitches.Source.STORE ? 1 : 0);
        lifecycle.accept(new Managed() {
            private ScheduledExecutorService refresher;

            @Override
            public void start() {
                switches.refresh();
                broadcast.listen(switches::applyBroadcast, switches::refresh);
                refresher = Executors.newSingleThreadScheduledExecutor(runnable -> {
                    Thread thread = new Thread(runnable, "switch-refresh");
                    thread.setDaemon(true);
                    return thread;
                });
                long everyMs = config.refresh().toMillis();
                refresher.scheduleWithFixedDelay(switches::refresh, everyMs, everyMs, TimeUnit.MILLISECONDS);
            }

            @Override
            public void stop() {
                broadcast.close();
                if (refresher != null) {
                    refresher.shutdownNow();
                }
            }
        });
        return switches;
    }

    /** The budget breaker of one process, with its metrics; alerts go to the log, the metrics and {@code listeners}. */
    public static DailyLlmBudget budget(Jdbi jdbi, MetricRegistry metrics, BudgetConfig config, Clock clock,
                                        List<BudgetAlerts> listeners) {
        Counter warnings = metrics.counter("llm.budget.warnings");
        Counter trips = metrics.counter("llm.budget.trips");
        BudgetAlerts alerts = new BudgetAlerts() {
            @Override
            public void warning(LocalDate day, BigDecimal spent, BigDecimal limit) {
                warnings.inc();
                LOG.warn("ALERT LLM budget of {} at 80 %: {} USD of {} USD spent", day, spent, limit);
                listeners.forEach(listener -> listener.warning(day, spent, limit));
            }

            @Override
            public void tripped(LocalDate day, BigDecimal spent, BigDecimal limit) {
                trips.inc();
                LOG.error("ALERT LLM budget of {} spent ({} USD of {} USD): LLM calls refused until 00:00 UTC",
                        day, spent, limit);
                listeners.forEach(listener -> listener.tripped(day, spent, limit));
            }
        };
        DailyLlmBudget budget = new DailyLlmBudget(new JdbiBudgetLedger(jdbi), config.priceTable(),
                config.dailyLimitUsd(), alerts, clock);
        CachedGauge<BudgetState> state = new CachedGauge<>(5, TimeUnit.SECONDS) {
            @Override
            protected BudgetState loadValue() {
                try {
                    return budget.state();
                } catch (RuntimeException e) {
                    return null; // PostgreSQL down: the gauges report -1
                }
            }
        };
        metrics.gauge("llm.budget.spent_usd", () -> (Gauge<Double>) () -> state.getValue() == null ? -1
                : state.getValue().spentUsd().doubleValue());
        metrics.gauge("llm.budget.limit_usd", () -> (Gauge<Double>) () -> state.getValue() == null ? -1
                : state.getValue().limitUsd().doubleValue());
        metrics.gauge("llm.budget.tripped", () -> (Gauge<Integer>) () -> state.getValue() == null ? -1
                : state.getValue().state() == BudgetState.State.TRIPPED ? 1 : 0);
        return budget;
    }

    /** {@code FABULA_SWITCH_LLM_ENABLED=false} (or off, 0, no) and so on; other values are ignored with a warning. */
    static Map<Switch, Boolean> fallback(Map<String, String> env) {
        Map<Switch, Boolean> fallback = new EnumMap<>(Switch.class);
        for (Switch which : Switch.values()) {
            String value = env.get(SWITCH_ENV_PREFIX + which.name());
            if (value == null) {
                continue;
            }
            switch (value.trim().toLowerCase(Locale.ROOT)) {
                case "true", "on", "1", "yes" -> fallback.put(which, true);
                case "false", "off", "0", "no" -> fallback.put(which, false);
                default -> LOG.warn("ignoring {}{}={}: not true/false (on/off, 1/0, yes/no)", SWITCH_ENV_PREFIX, which, value);
            }
        }
        return fallback;
    }

    /** The switches every capability reads (and breakers trip). */
    public Switches switches() {
        return switches;
    }

    /** The daily LLM budget breaker: agent workers call {@code check()} before and {@code record(...)} after each LLM call. */
    public LlmBudget budget() {
        return budget;
    }

    /** The budget with its admin side (state, new limit), for the admin API. */
    public DailyLlmBudget dailyBudget() {
        return budget;
    }

    /** Where the LLM caller reports each failed call; more than 10 429/5xx in an hour turn LLM_ENABLED off. */
    public LlmErrorWatch llmErrors() {
        return llmErrors;
    }

    /** Adds a receiver of the budget's 80 % warning and 100 % trip (e.g. an admin notification). */
    public void onBudgetAlert(BudgetAlerts listener) {
        budgetListeners.add(listener);
    }

    /** Adds a circuit breaker to {@code /api/v1/admin/health} ({@code state} answers CLOSED, OPEN or HALF_OPEN). */
    public void registerBreaker(String name, Supplier<String> state) {
        breakers.put(name, state);
    }

    /**
     * {@code GET /api/v1/admin/health} and the worker heartbeat metrics. Call once the breakers are registered
     * (they are read at each request, so later registrations still appear).
     */
    public ReportHealth health(Clients clients, List<DependencyProbe> probes, java.time.Duration deadline,
                               java.time.Duration kafkaTimeout, Environment environment) {
        ReportHealth health = new ReportHealth(probes, deadline, breakers, switches, budget,
                new JdbiOutboxQueue(clients.jdbi()), new KafkaConsumerLag(clients.kafkaAdmin(), kafkaTimeout),
                new RedisWorkerBeats(clients.redis()), new JdbiRecentAgentRuns(clients.jdbi()), clients.clock());
        environment.jersey().register(new AdminHealthResource(health));
        CachedGauge<List<HealthReport.Worker>> workers = new CachedGauge<>(5, TimeUnit.SECONDS) {
            @Override
            protected List<HealthReport.Worker> loadValue() {
                return health.workers();
            }
        };
        clients.metrics().gauge("workers.heartbeat.oldest_age_seconds",
                () -> (Gauge<Double>) () -> workers.getValue().stream().mapToDouble(HealthReport.Worker::ageSeconds).max().orElse(0));
        clients.metrics().gauge("workers.alive", () -> (Gauge<Long>) () -> workers.getValue().stream()
                .filter(worker -> !worker.stale()).count());
        clients.metrics().gauge("workers.stale", () -> (Gauge<Long>) () -> workers.getValue().stream()
                .filter(HealthReport.Worker::stale).count());
        JdbiRecentAgentRuns runs = new JdbiRecentAgentRuns(clients.jdbi());
        CachedGauge<Map<String, Long>> streaks = new CachedGauge<>(10, TimeUnit.SECONDS) {
            @Override
            protected Map<String, Long> loadValue() {
                try {
                    return runs.errorStreaks();
                } catch (RuntimeException e) {
                    return null; // PostgreSQL down: -1
                }
            }
        };
        clients.metrics().gauge("agents.error_streak.max", () -> (Gauge<Long>) () -> streaks.getValue() == null ? -1L
                : streaks.getValue().values().stream().mapToLong(Long::longValue).max().orElse(0));
        for (Capability capability : Capability.values()) {
            String name = capability.name().toLowerCase(Locale.ROOT);
            clients.metrics().gauge("agents.error_streak." + name, () -> (Gauge<Long>) () -> streaks.getValue() == null
                    ? -1L : streaks.getValue().getOrDefault(name, 0L));
        }
        return health;
    }

    /** The same switches with the operator's side (change, audit, state), for the admin API. */
    public HotSwitches hotSwitches() {
        return switches;
    }
}
