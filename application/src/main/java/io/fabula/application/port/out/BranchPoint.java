package io.fabula.application.port.out;

import io.fabula.domain.id.SessionId;
import java.util.Objects;

/**
 * Where a branch was forked (BranchSession, SPEC §2): it shares its parent's first {@code fromRound}
 * rounds and events, and numbers its own rounds under {@code fromRoundPath} ({@code "2"} → {@code "2.1"},
 * {@code "2.2"}, ...).
 */
public record BranchPoint(SessionId parent, long fromRound, String fromRoundPath) {
    public BranchPoint {
        Objects.requireNonNull(parent, "parent");
        Objects.requireNonNull(fromRoundPath, "from round path");
        if (fromRound < 1) {
            throw new IllegalArgumentException("a branch is forked after round 1 or later, not " + fromRound);
        }
    }
}
