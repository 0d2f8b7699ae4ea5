package io.fabula.application.memory;

import java.util.Objects;
import java.util.function.BooleanSupplier;

/**
 * Finds retrieval context in the story memory, or goes without it — when {@code VECTOR_SEARCH_ENABLED} is
 * off, or the memory (or the embedder) cannot answer — so generation continues without context (SPEC §8).
 */
public final class RecallPassages {
    private final StoryMemory memory;
    private final BooleanSupplier enabled;

    /** @param enabled read on every call, so a switch flipped at run time takes effect at once */
    public RecallPassages(StoryMemory memory, BooleanSupplier enabled) {
        this.memory = Objects.requireNonNull(memory, "memory");
        this.enabled = Objects.requireNonNull(enabled, "enabled");
    }

    public Retrieval handle(MemoryQuery query) {
        if (!enabled.getAsBoolean()) {
            return new Retrieval.Skipped("vector search is switched off");
        }
        try {
            return new Retrieval.Found(memory.search(query));
        } catch (RuntimeException e) {
            return new Retrieval.Skipped("story memory unavailable: " + e.getClass().getSimpleName());
        }
    }
}
