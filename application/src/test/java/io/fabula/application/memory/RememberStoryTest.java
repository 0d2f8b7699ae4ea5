package io.fabula.application.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabula.application.port.out.EventArchive;
import io.fabula.domain.event.DomainEvent;
import io.fabula.domain.event.EventMetadata;
import io.fabula.domain.event.EventPayload;
import io.fabula.domain.event.EventType;
import io.fabula.domain.id.CausationId;
import io.fabula.domain.id.CorrelationId;
import io.fabula.domain.id.EventId;
import io.fabula.domain.id.NovelId;
import io.fabula.domain.id.SessionId;
import io.fabula.domain.id.UserId;
import io.fabula.domain.stage.Stage;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class RememberStoryTest {
    private static final SessionId SESSION = SessionId.of("01956a1e-0000-7000-8000-000000000001");
    private static final NovelId NOVEL = NovelId.of("01956a1e-0000-7000-8000-0000000000cc");
    private static final UserId WRITER = UserId.of("01956a1e-0000-7000-8000-0000000000aa");

    private final InMemoryStoryMemory memory = new InMemoryStoryMemory();
    private final AtomicBoolean embedding = new AtomicBoolean(true);
    private final RememberStory remember = new RememberStory(memory, embedding::get);

    @Test
    void the_seed_and_each_stages_proposal_become_passages_with_stable_ids() {
        remember.handle(event(1, EventType.STARTED, Stage.CONCEPT, "a lighthouse keeper"));
        remember.handle(event(2, EventType.CONCEPT_PROPOSED, Stage.CONCEPT, "letters from the drowned"));
        remember.handle(event(3, EventType.WORLD_CREATED, Stage.WORLD, "a harbour under water"));

        assertThat(memory.passages).containsOnlyKeys(SESSION + ":seed", SESSION + ":concept", SESSION + ":world");
        assertThat(memory.passages.get(SESSION + ":world").kind()).isEqualTo("world");
        assertThat(memory.passages.get(SESSION + ":seed").kind()).isEqualTo("seed");
    }

    @Test
    void a_revision_replaces_the_stages_passage_instead_of_adding_one() {
        remember.handle(event(1, EventType.THEME_PROPOSED, Stage.THEME, "grief"));
        remember.handle(event(2, EventType.THEME_REVISED, Stage.THEME, "grief turned into care"));

        assertThat(memory.passages).hasSize(1);
        assertThat(memory.passages.get(SESSION + ":theme").text()).isEqualTo("grief turned into care");
    }

    @Test
    void events_without_story_text_are_not_remembered() {
        remember.handle(event(1, EventType.THEME_REQUESTED, Stage.THEME, null));
        remember.handle(event(2, EventType.PAUSED, Stage.THEME, "anything"));
        remember.handle(event(3, EventType.CONCEPT_PROPOSED, Stage.CONCEPT, "   "));

        assertThat(memory.passages).isEmpty();
        assertThat(memory.upserts).isZero();
    }

    @Test
    void with_embedding_switched_off_nothing_is_stored_and_the_skip_is_reported() {
        embedding.set(false);

        boolean stored = remember.handle(event(1, EventType.CONCEPT_PROPOSED, Stage.CONCEPT, "letters"));

        assertThat(stored).isFalse();
        assertThat(memory.upserts).isZero();
    }

    @Test
    void text_longer_than_a_passage_holds_is_cut_to_the_limit() {
        remember.handle(event(1, EventType.DETAILS_COMPLETED, Stage.DETAILS, "x".repeat(Passage.MAX_TEXT + 10)));

        assertThat(memory.passages.get(SESSION + ":details").text()).hasSize(Passage.MAX_TEXT);
    }

    @Test
    void a_memory_that_is_down_fails_the_call_so_the_consumer_retries_the_event() {
        StoryMemory down = new InMemoryStoryMemory() {
            @Override
            public void upsert(List<Passage> batch) {
                throw new IllegalStateException("UNAVAILABLE");
            }
        };

        assertThatThrownBy(() -> new RememberStory(down, () -> true)
                .handle(event(1, EventType.CONCEPT_PROPOSED, Stage.CONCEPT, "letters")))
                .hasMessage("UNAVAILABLE");
    }

    @Test
    void a_rebuild_clears_the_memory_and_ends_with_what_the_events_say_now() {
        List<DomainEvent> events = List.of(
                event(1, EventType.STARTED, Stage.CONCEPT, "a lighthouse keeper"),
                event(2, EventType.CONCEPT_PROPOSED, Stage.CONCEPT, "first concept"),
                event(3, EventType.CONCEPT_PROPOSED, Stage.CONCEPT, "second concept"),
                event(4, EventType.CONCEPT_CONFIRMED, Stage.CONCEPT, null));
        memory.upsert(List.of(new Passage("stale", new io.fabula.application.story.StoryBranch(NOVEL, SESSION),
                "world", "r", "left over from before")));
        EventArchive archive = (after, limit) -> {
            int from = (int) after;
            List<DomainEvent> page = events.subList(Math.min(from, events.size()), Math.min(from + 2, events.size()));
            return new EventArchive.Page(page, from + page.size());
        };

        RebuildStoryMemory.Report report = new RebuildStoryMemory(archive, memory).run();

        assertThat(memory.clears).isEqualTo(1);
        assertThat(memory.passages).containsOnlyKeys(SESSION + ":seed", SESSION + ":concept");
        assertThat(memory.passages.get(SESSION + ":concept").text()).isEqualTo("second concept");
        assertThat(report.eventsRead()).isEqualTo(4);
    }

    private static DomainEvent event(long sequence, EventType type, Stage stage, String content) {
        return new DomainEvent(EventId.of(String.format("01956a1e-0000-7000-8000-%012d", sequence)), type, SESSION,
                sequence, new CorrelationId("corr-1"), new CausationId("cmd-" + sequence),
                Instant.parse("2025-03-01T09:30:00Z"),
                new EventPayload(SESSION, NOVEL, WRITER, stage, content, null, Map.of()),
                EventMetadata.current("/fabula/test", null));
    }
}
