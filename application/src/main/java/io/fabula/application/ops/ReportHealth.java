package io.fabula.application.ops;

import io.fabula.application.budget.BudgetState;
import io.fabula.application.budget.DailyLlmBudget;
import io.fabula.application.health.DependencyProbe;
import io.fabula.application.health.ProbeResult;
import io.fabula.application.relay.OutboxBacklog;
import io.fabula.application.relay.OutboxQueue;
import io.fabula.application.switches.HotSwitches;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Builds the {@link HealthReport}: every dependency probed side by side (bounded by {@code deadline}), the
 * breakers, switches, budget, outbox backlog, consumer lag, workers' heartbeats and the newest agent runs.
 * Each part that cannot be read is reported as missing with the reason in {@code problems}; the report itself
 * never fails.
 *
 * <p>Workers: a worker seen once is remembered, so one whose key expired (crash, kill -9) is reported
 * {@code stale} with the age of its last beat instead of silently disappearing (forgotten after an hour).
 */
public final class ReportHealth {
    public static final Duration STALE_AFTER = Duration.ofSeconds(60);
    private static final Duration FORGET_AFTER = Duration.ofHours(1);
    private static final int RECENT_RUNS = 20;

    private final List<DependencyProbe> probes;
    private final Duration deadline;
    private final Map<String, Supplier<String>> breakers;
    private final HotSwitches switches;
    private final DailyLlmBudget budget;
    private final OutboxQueue outbox;
    private final ConsumerLag lag;
    private final WorkerBeats beats;
    private final RecentAgentRuns runs;
    private final Clock clock;
    private final Map<String, WorkerBeats.Beat> seen = new ConcurrentHashMap<>();

    public ReportHealth(List<DependencyProbe> probes, Duration deadline, Map<String, Supplier<String>> breakers,
                        HotSwitches switches, DailyLlmBudget budget, OutboxQueue outbox, ConsumerLag lag,
                        WorkerBeats beats, RecentAgentRuns runs, Clock clock) {
        this.probes = List.copyOf(probes);
        this.deadline = Objects.requireNonNull(deadline, "deadline");
        this.breakers = breakers;
        this.switches = Objects.requireNonNull(switches, "switches");
        this.budget = Objects.requireNonNull(budget, "budget");
        this.outbox = Objects.requireNonNull(outbox, "outbox");
        this.lag = Objects.requireNonNull(lag, "lag");
        this.beats = Objects.requireNonNull(beats, "beats");
        this.runs = Objects.requireNonNull(runs, "runs");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public HealthReport handle() {
        List<String> problems = new ArrayList<>();
        Map<String, HealthReport.Dependency> dependencies = dependencies(problems);
        boolean postgresDown = dependencies.containsKey("postgres") && dependencies.get("postgres").status().equals("down");

        Map<String, String> breakerStates = new LinkedHashMap<>();
        breakers.forEach((name, state) -> {
            String value = state.get();
            breakerStates.put(name, value);
            if (!value.equals("CLOSED")) {
                problems.add("breaker " + name + " is " + value);
            }
        });
        Map<String, Boolean> switchStates = new LinkedHashMap<>();
        switches.states().forEach((which, on) -> {
            switchStates.put(which.name(), on);
            if (!on) {
                problems.add("switch " + which + " is off");
            }
        });

        Optional<BudgetState> budgetState = read("budget", budget::state, problems);
        budgetState.filter(state -> state.state() == BudgetState.State.TRIPPED)
                .ifPresent(state -> problems.add("LLM budget tripped: " + state.spentUsd() + " of " + state.limitUsd() + " USD"));
        Optional<HealthReport.Outbox> backlog = read("outbox backlog", outbox::backlog, problems).map(ReportHealth::outbox);
        Optional<Map<String, Map<String, Long>>> consumerLag = read("consumer lag", lag::lagByGroupAndTopic, problems);
        List<HealthReport.Worker> workers = workers(problems);
        List<RecentAgentRuns.Run> recent = read("agent runs", () -> runs.newest(RECENT_RUNS), problems).orElse(List.of());

        String status = postgresDown ? "down" : problems.isEmpty() ? "ok" : "degraded";
        return new HealthReport(status, problems, clock.instant(), dependencies, breakerStates, switchStates,
                switches.source().name(), budgetState, backlog, consumerLag, workers, recent);
    }

    private Map<String, HealthReport.Dependency> dependencies(List<String> problems) {
        Map<String, CompletableFuture<ProbeResult>> running = new LinkedHashMap<>();
        for (DependencyProbe probe : probes) {
            running.put(probe.name(), CompletableFuture.supplyAsync(probe::check));
        }
        Map<String, HealthReport.Dependency> dependencies = new LinkedHashMap<>();
        running.forEach((name, result) -> {
            HealthReport.Dependency dependency;
            try {
                ProbeResult probed = result.get(deadline.toMillis(), TimeUnit.MILLISECONDS);
                dependency = probed instanceof ProbeResult.Healthy healthy
                        ? new HealthReport.Dependency("up", healthy.elapsed().toMillis(), healthy.detail())
                        : new HealthReport.Dependency("down", probed.elapsed().toMillis(), ((ProbeResult.Unhealthy) probed).reason());
            } catch (Exception e) {
                if (e instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                }
                dependency = new HealthReport.Dependency("down", deadline.toMillis(), "no answer within " + deadline.toMillis() + " ms");
            }
            dependencies.put(name, dependency);
            if (dependency.status().equals("down")) {
                problems.add(name + " is down: " + dependency.detail());
            }
        });
        return dependencies;
    }

    private List<HealthReport.Worker> workers(List<String> problems) {
        Instant now = clock.instant();
        read("worker heartbeats", beats::current, problems).ifPresent(current ->
                current.forEach(beat -> seen.put(beat.workerId(), beat)));
        seen.values().removeIf(beat -> beat.beatAt().isBefore(now.minus(FORGET_AFTER)));
        List<HealthReport.Worker> workers = new ArrayList<>();
        for (WorkerBeats.Beat beat : seen.values()) {
            Duration age = Duration.between(beat.beatAt(), now);
            boolean stale = age.compareTo(STALE_AFTER) > 0;
            workers.add(new HealthReport.Worker(beat.workerId(), beat.capabilities(), beat.beatAt(),
                    age.toMillis() / 1000.0, stale));
            if (stale) {
                problems.add("worker " + beat.workerId() + " has not beaten for " + age.toSeconds() + " s");
            }
        }
        workers.sort((x, y) -> x.workerId().compareTo(y.workerId()));
        return Collections.unmodifiableList(workers);
    }

    /** The workers as {@link #handle()} reports them (reads the heartbeats now). */
    public List<HealthReport.Worker> workers() {
        return workers(new ArrayList<>());
    }

    /** The oldest heartbeat age in seconds among the workers this process knows (0 when none), for the metric. */
    public double oldestHeartbeatAgeSeconds() {
        Instant now = clock.instant();
        return seen.values().stream().mapToDouble(beat -> Duration.between(beat.beatAt(), now).toMillis() / 1000.0)
                .max().orElse(0);
    }

    private static HealthReport.Outbox outbox(OutboxBacklog backlog) {
        return new HealthReport.Outbox(backlog.pending(), backlog.oldestPendingAge().toMillis() / 1000.0, backlog.failed());
    }

    private static <T> Optional<T> read(String what, Supplier<T> source, List<String> problems) {
        try {
            return Optional.ofNullable(source.get());
        } catch (RuntimeException e) {
            problems.add(what + " unreadable: " + e.getMessage());
            return Optional.empty();
        }
    }
}
