package io.fabula.application.port.out;

import io.fabula.domain.id.SessionId;
import java.util.List;

/** The rounds of each session's conversation ({@code conversation_rounds}), one per accepted command. */
public interface ConversationLog {

    /**
     * @throws StoreConflict {@code STALE_VERSION} when the session already has a round at this path
     */
    void record(ConversationRound round);

    /** The session's rounds in the order they happened; empty for an unknown session. */
    List<ConversationRound> rounds(SessionId session);
}
