package io.fabula.application.story;

import io.fabula.domain.id.NovelId;
import io.fabula.domain.id.SessionId;
import java.util.Objects;

/**
 * One branch of a novel's story: the graph and the memory of a novel are kept per branch, and the branch
 * is the genesis session that grows it (a {@code BranchSession} starts a new session, hence a new branch).
 */
public record StoryBranch(NovelId novelId, SessionId sessionId) {
    public StoryBranch {
        Objects.requireNonNull(novelId, "novel id");
        Objects.requireNonNull(sessionId, "session id");
    }
}
