package io.fabula.application.ops;

import java.time.Instant;
import java.util.List;

/** The newest rows of {@code agent_runs}, for the recovery checklist. */
public interface RecentAgentRuns {

    record Run(long id, String capability, String model, String status, int latencyMs, String error, Instant startedAt) {
    }

    List<Run> newest(int limit);

    /** Per capability: how many runs failed (FAILED, RETRIED, DEAD_LETTERED) since its last success. */
    java.util.Map<String, Long> errorStreaks();
}
