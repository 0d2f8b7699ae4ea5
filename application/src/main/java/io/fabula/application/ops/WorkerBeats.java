package io.fabula.application.ops;

import java.time.Instant;
import java.util.List;

/** Reads the workers' heartbeats (Redis keys {@code fabula:worker:<id>}, TTL 60 s, written by every worker). */
public interface WorkerBeats {

    record Beat(String workerId, List<String> capabilities, Instant beatAt) {
    }

    /** The beats present now; throws when the store cannot be read. */
    List<Beat> current();
}
