package io.fabula.application.port.out;

import io.fabula.domain.id.SessionId;
import java.util.Optional;

/**
 * The current state of each genesis session (the {@code conversation_sessions} row): the snapshot
 * that lists and reads are served from, and the version that guards concurrent writers.
 */
public interface SessionStore {

    /** The session as last saved, or empty when no session has this id. */
    Optional<SessionRecord> find(SessionId id);

    /**
     * Saves the session's new state with an optimistic check: the stored version must still be
     * {@code previousVersion} (0: the session must not exist yet, and is created).
     *
     * @throws StoreConflict {@code STALE_VERSION} (with the stored version) when another command
     *                       saved first; {@code SESSION_EXISTS} when creating an id that is taken
     */
    void save(SessionRecord session, long previousVersion);

    /**
     * Creates a branch's row, recording where it was forked.
     *
     * @throws StoreConflict {@code SESSION_EXISTS} when the id is taken
     */
    void saveBranch(SessionRecord branch, BranchPoint from);

    /** Where the session was forked; empty for a session that is no branch (or does not exist). */
    Optional<BranchPoint> branchPoint(SessionId id);
}
