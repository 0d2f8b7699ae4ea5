package io.fabula.application.port.out;

import io.fabula.domain.id.SessionId;
import io.fabula.domain.id.UserId;
import java.util.List;
import java.util.Optional;

/** The sessions of one writer, for {@code GET /genesis/sessions} (SPEC §6: own only, paginated). */
public interface SessionDirectory {

    /**
     * The owner's sessions, newest first (by creation, then id), at most {@code limit}.
     *
     * @param after the last session of the previous page (keyset pagination): only sessions listed after
     *              it; a session that is not the owner's, or does not exist, yields an empty page
     */
    List<SessionRecord> ownedBy(UserId owner, Optional<SessionId> after, int limit);
}
