package io.fabula.domain.session;

/** The life of a genesis session as a whole. */
public enum SessionStatus {
    ACTIVE,
    PAUSED,
    /** DETAILS locked; the design calls this end state FINISHED. Accepts nothing any more. */
    COMPLETED,
    /** The writer gave up on it. Accepts nothing any more. */
    ABANDONED,
    /** A capability failed for good (or the quality gate gave up); can be resumed, abandoned or branched. */
    FAILED;

    public boolean isTerminal() {
        return this == COMPLETED || this == ABANDONED;
    }
}
