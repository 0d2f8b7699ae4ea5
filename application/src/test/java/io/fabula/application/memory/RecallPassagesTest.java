package io.fabula.application.memory;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabula.application.story.StoryBranch;
import io.fabula.domain.id.NovelId;
import io.fabula.domain.id.SessionId;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class RecallPassagesTest {
    private static final StoryBranch BRANCH = new StoryBranch(NovelId.of("01956a1e-0000-7000-8000-0000000000cc"),
            SessionId.of("01956a1e-0000-7000-8000-000000000001"));
    private static final Passage MAP = new Passage("p-map", BRANCH, "world", "ref-1", "a map of the drowned city");

    private final AtomicBoolean down = new AtomicBoolean();
    private final StoryMemory memory = new StoryMemory() {
        @Override
        public void upsert(List<Passage> passages) {
        }

        @Override
        public List<Recollection> search(MemoryQuery query) {
            if (down.get()) {
                throw new IllegalStateException("UNAVAILABLE");
            }
            return List.of(new Recollection(MAP, 0.9));
        }

        @Override
        public void clear() {
        }
    };

    @Test
    void finds_passages_when_the_memory_answers_and_goes_without_when_it_does_not() {
        RecallPassages recall = new RecallPassages(memory, () -> true);
        MemoryQuery query = MemoryQuery.inBranch("the map", BRANCH, 5);

        assertThat(recall.handle(query).passages()).extracting(r -> r.passage().id()).containsExactly("p-map");

        down.set(true);
        Retrieval skipped = recall.handle(query);
        assertThat(skipped).isInstanceOf(Retrieval.Skipped.class);
        assertThat(skipped.passages()).isEmpty();

        down.set(false);
        assertThat(recall.handle(query)).isInstanceOf(Retrieval.Found.class);
    }

    @Test
    void switched_off_means_no_retrieval() {
        assertThat(new RecallPassages(memory, () -> false).handle(MemoryQuery.inBranch("the map", BRANCH, 5)))
                .isInstanceOfSatisfying(Retrieval.Skipped.class, s -> assertThat(s.reason()).contains("switched off"));
    }
}
