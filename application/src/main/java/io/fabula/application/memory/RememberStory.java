package io.fabula.application.memory;

import io.fabula.application.story.StoryBranch;
import io.fabula.domain.event.DomainEvent;
import io.fabula.domain.event.EventType;
import io.fabula.domain.event.EventPayload;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.BooleanSupplier;

/**
 * Keeps the story memory in step with the sessions (SPEC §5: "upsert on every proposal and locked stage"):
 * the seed and the latest proposal of each stage become passages agents can recall. A stage's passage has a
 * stable id per branch and stage, so a revision replaces it and the memory holds what the stage now says; a
 * locked stage keeps its last proposal. Plot nodes added one by one are passages of their own.
 *
 * <p>Derived data: applying the same events again changes nothing ({@code upsert} by id), which is what lets
 * the projection consumer redeliver freely and {@code reindex} rebuild from PostgreSQL.
 */
public final class RememberStory {
    /** The events whose content is story text worth recalling. */
    public static final Set<EventType> REMEMBERED = EnumSet.of(EventType.STARTED, EventType.CONCEPT_PROPOSED,
            EventType.THEME_PROPOSED, EventType.THEME_REVISED, EventType.WORLD_CREATED, EventType.WORLD_UPDATED,
            EventType.CHARACTER_CREATED, EventType.CHARACTER_UPDATED, EventType.PLOT_CREATED,
            EventType.PLOT_NODE_CREATED, EventType.DETAILS_COMPLETED);

    private final StoryMemory memory;
    private final BooleanSupplier embeddingEnabled;

    /** @param embeddingEnabled the {@code EMBEDDING_ENABLED} switch, read on every event */
    public RememberStory(StoryMemory memory, BooleanSupplier embeddingEnabled) {
        this.memory = Objects.requireNonNull(memory, "memory");
        this.embeddingEnabled = Objects.requireNonNull(embeddingEnabled, "embedding switch");
    }

    /**
     * Stores the event's passage, if it has one.
     *
     * @return false when embedding is switched off and the passage was skipped ({@code reindex} restores it later)
     * @throws RuntimeException when the memory or the embedder cannot take it now: the caller retries
     */
    public boolean handle(DomainEvent event) {
        Optional<Passage> passage = passageOf(event);
        if (passage.isEmpty()) {
            return true;
        }
        if (!embeddingEnabled.getAsBoolean()) {
            return false;
        }
        memory.upsert(List.of(passage.get()));
        return true;
    }

    /** The passage an event contributes: its content under a stable id, or nothing. */
    public static Optional<Passage> passageOf(DomainEvent event) {
        EventPayload payload = event.payload();
        if (!REMEMBERED.contains(event.type()) || payload.content() == null || payload.content().isBlank()) {
            return Optional.empty();
        }
        StoryBranch branch = new StoryBranch(payload.novelId(), payload.sessionId());
        String stage = payload.stage().name().toLowerCase(Locale.ROOT);
        String kind;
        String key;
        if (event.type() == EventType.STARTED) {
            kind = "seed";
            key = "seed";
        } else if (event.type() == EventType.PLOT_NODE_CREATED) {
            kind = "plot_node";
            key = "plot_node." + event.eventId();
        } else {
            kind = stage;
            key = stage;
        }
        String text = payload.content().strip();
        if (text.length() > Passage.MAX_TEXT) {
            text = text.substring(0, Passage.MAX_TEXT);
        }
        return Optional.of(new Passage(payload.sessionId() + ":" + key, branch, kind, event.eventId().toString(), text));
    }
}
