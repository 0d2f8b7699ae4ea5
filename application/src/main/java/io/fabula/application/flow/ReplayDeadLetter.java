package io.fabula.application.flow;

import java.util.Objects;

/**
 * Re-injects a parked message onto its original topic after a fix ({@code fabula dlt replay}). The copy
 * carries a replay generation, so workers treat it as new work even though they recorded the original as
 * handled when they parked it. What the session does with the result is the session's decision: a result
 * that no longer fits (the stage moved on, the session failed) is dropped as stale.
 */
public final class ReplayDeadLetter {
    private final FlowUnitOfWork flow;

    public ReplayDeadLetter(FlowUnitOfWork flow) {
        this.flow = Objects.requireNonNull(flow, "flow");
    }

    /** @return the replay generation written */
    public int handle(DeadLetter letter) {
        int generation = letter.original().replay() + 1;
        flow.transact(stores -> {
            stores.outbox().replay(letter, generation);
            return null;
        });
        return generation;
    }
}
