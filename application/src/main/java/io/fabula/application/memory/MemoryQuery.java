package io.fabula.application.memory;

import io.fabula.domain.id.NovelId;
import io.fabula.domain.id.SessionId;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What to look for in a novel's memory.
 *
 * @param branch only this branch (session), or every branch of the novel when empty
 * @param kinds  only passages of these kinds, or every kind when empty
 * @param limit  at most this many results, 1..100
 */
public record MemoryQuery(String text, NovelId novelId, Optional<SessionId> branch, Set<String> kinds, int limit) {
    public MemoryQuery {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("a memory query needs text");
        }
        Objects.requireNonNull(novelId, "novel id");
        Objects.requireNonNull(branch, "branch");
        kinds = Set.copyOf(kinds);
        kinds.forEach(Passage::requireKind);
        if (limit < 1 || limit > 100) {
            throw new IllegalArgumentException("limit must be within 1..100: " + limit);
        }
    }

    public static MemoryQuery inBranch(String text, io.fabula.application.story.StoryBranch branch, int limit) {
        return new MemoryQuery(text, branch.novelId(), Optional.of(branch.sessionId()), Set.of(), limit);
    }

    public MemoryQuery ofKinds(Set<String> only) {
        return new MemoryQuery(text, novelId, branch, only, limit);
    }
}
