package io.fabula.application.port.out;

import io.fabula.domain.id.NovelId;
import io.fabula.domain.id.SessionId;
import io.fabula.domain.id.UserId;
import io.fabula.domain.session.GenesisSession;
import io.fabula.domain.session.SessionStatus;
import io.fabula.domain.stage.Stage;
import io.fabula.domain.stage.StageState;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * A session's state as stored and read: what {@code GET /genesis/sessions/{id}} shows. Derived from
 * the aggregate after each accepted command; the events remain the source of truth.
 *
 * @param version       the number of accepted commands, the {@code If-Match} of the next one
 * @param lastSequence  the sequence of the session's newest event
 * @param regenerations regenerations the quality gate asked for in the current stage
 */
public record SessionRecord(
        SessionId id, NovelId novelId, UserId owner, SessionStatus status, Stage currentStage,
        Map<Stage, StageState> stages, long version, long lastSequence, int regenerations) {

    public SessionRecord {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(novelId, "novel id");
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(currentStage, "current stage");
        stages = Map.copyOf(new EnumMap<>(stages));
        if (version < 1) {
            throw new IllegalArgumentException("a stored session has accepted at least one command");
        }
    }

    /** The state of a session that has started. */
    public static SessionRecord of(GenesisSession session) {
        return new SessionRecord(session.id(),
                session.novelId().orElseThrow(() -> new IllegalArgumentException("the session has not started")),
                session.owner().orElseThrow(), session.status(), session.currentStage(), session.stages(),
                session.version(), session.lastSequence(), session.regenerations());
    }
}
