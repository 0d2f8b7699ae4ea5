package io.fabula.application.agent;

import java.time.Duration;
import java.util.List;

/** The workers' heartbeats (Redis keys {@code fabula:worker:<id>} with a TTL). */
public interface WorkerHeartbeats {

    /** Writes (or refreshes) a worker's beat; it expires after {@code ttl} unless refreshed. Must not throw. */
    void beat(WorkerBeat beat, Duration ttl);

    /** Removes a worker's beat at a graceful stop. Must not throw. */
    void gone(String workerId);

    /** The beats that have not expired, any order. */
    List<WorkerBeat> alive();
}
