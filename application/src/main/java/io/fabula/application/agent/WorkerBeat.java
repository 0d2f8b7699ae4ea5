package io.fabula.application.agent;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A worker process saying it is alive (SPEC §5: Redis, TTL 60 s; read by {@code /admin/health}).
 *
 * @param workerId     unique per process (host, pid and a random suffix)
 * @param capabilities what it consumes ({@code orchestrator}, {@code outline}, ...)
 * @param inFlight     the ids of the tasks it is working on right now
 */
public record WorkerBeat(String workerId, String host, long pid, List<String> capabilities, Instant startedAt,
                         Instant beatAt, List<String> inFlight) {
    public WorkerBeat {
        Objects.requireNonNull(workerId, "worker id");
        Objects.requireNonNull(host, "host");
        capabilities = List.copyOf(capabilities);
        Objects.requireNonNull(startedAt, "started at");
        Objects.requireNonNull(beatAt, "beat at");
        inFlight = List.copyOf(inFlight);
    }
}
