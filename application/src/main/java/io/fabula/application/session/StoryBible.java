package io.fabula.application.session;

import io.fabula.domain.id.NovelId;
import io.fabula.domain.id.SessionId;
import io.fabula.domain.session.SessionStatus;
import io.fabula.domain.stage.Stage;
import io.fabula.domain.stage.StageState;
import java.util.List;
import java.util.Objects;

/**
 * The story bible of a session (SPEC §6 {@code GET .../bible}): per stage, in order, the content that was
 * locked. A stage that is not locked has no entry content yet; the bible is complete once all six are.
 */
public record StoryBible(SessionId sessionId, NovelId novelId, SessionStatus status, long version, List<Entry> stages) {
    public StoryBible {
        Objects.requireNonNull(sessionId, "session id");
        Objects.requireNonNull(novelId, "novel id");
        Objects.requireNonNull(status, "status");
        stages = List.copyOf(stages);
    }

    public boolean complete() {
        return stages.stream().allMatch(entry -> entry.state() == StageState.LOCKED);
    }

    /** @param content the locked content; null unless {@code state} is LOCKED */
    public record Entry(Stage stage, StageState state, String content, Double qualityScore) {
        public Entry {
            Objects.requireNonNull(stage, "stage");
            Objects.requireNonNull(state, "state");
        }
    }
}
