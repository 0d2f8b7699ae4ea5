package io.fabula.application.story;

import io.fabula.application.memory.MemoryQuery;
import io.fabula.application.memory.RecallPassages;
import io.fabula.application.memory.Retrieval;
import io.fabula.application.port.out.SessionRecord;
import io.fabula.application.session.SessionQueries;
import io.fabula.domain.id.SessionId;
import io.fabula.domain.id.UserId;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What a writer can ask of their session's story (SPEC §6): the graph's consistency findings and a search of
 * the story memory by meaning, both scoped to the session's own branch. Empty for a session that does not exist
 * or is another writer's (the API answers 404 for both). Neither fails when Neo4j or Milvus is down or switched
 * off: the answer says it was skipped and why (SPEC §8).
 */
public final class ExploreStory {
    private final SessionQueries sessions;
    private final ValidateStoryGraph validate;
    private final RecallPassages recall;

    public ExploreStory(SessionQueries sessions, ValidateStoryGraph validate, RecallPassages recall) {
        this.sessions = Objects.requireNonNull(sessions, "sessions");
        this.validate = Objects.requireNonNull(validate, "validate");
        this.recall = Objects.requireNonNull(recall, "recall");
    }

    public Optional<GraphValidation> validation(SessionId id, UserId reader) {
        return sessions.session(id, reader).map(session -> validate.handle(branchOf(session)));
    }

    /**
     * Only the session's own branch is searched: a novel id is the writer's claim, so searching "the novel"
     * could reach passages of another writer who named the same novel.
     */
    public Optional<Retrieval> search(SessionId id, UserId reader, String text, Set<String> kinds, int limit) {
        return sessions.session(id, reader)
                .map(session -> recall.handle(MemoryQuery.inBranch(text, branchOf(session), limit).ofKinds(kinds)));
    }

    private static StoryBranch branchOf(SessionRecord session) {
        return new StoryBranch(session.novelId(), session.id());
    }
}
