package io.fabula.application.ops;

import io.fabula.application.budget.BudgetState;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The recovery checklist of seed 003 as one answer ({@code GET /api/v1/admin/health}).
 *
 * @param status {@code ok} (everything up), {@code degraded} (a dependency down or a switch off, a breaker open,
 *               a stale worker, the budget tripped) or {@code down} (PostgreSQL down: read-only)
 * @param problems each reason the status is not {@code ok}, in words
 */
public record HealthReport(String status, List<String> problems, Instant checkedAt,
                           Map<String, Dependency> dependencies, Map<String, String> breakers,
                           Map<String, Boolean> switches, String switchSource, Optional<BudgetState> budget,
                           Optional<Outbox> outbox, Optional<Map<String, Map<String, Long>>> consumerLag,
                           List<Worker> workers, List<RecentAgentRuns.Run> recentAgentRuns) {

    /** @param status {@code up} or {@code down} */
    public record Dependency(String status, long latencyMs, String detail) {
    }

    public record Outbox(long pending, double oldestPendingAgeSeconds, long failed) {
    }

    /** @param stale no beat for more than 60 s (the key expired, or its last beat is older) */
    public record Worker(String workerId, List<String> capabilities, Instant lastBeat, double ageSeconds, boolean stale) {
    }
}
