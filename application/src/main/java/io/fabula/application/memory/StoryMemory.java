package io.fabula.application.memory;

import java.util.List;

/**
 * The vector memory of novels: passages stored with their embedding, found again by meaning.
 * Agents use it for retrieval context; it is derived data, rebuilt from PostgreSQL by {@code reindex}.
 *
 * <p>Failures (the vector store or the embedder unreachable) surface as unchecked exceptions, which the
 * failure classifier maps to {@code Transient}; callers degrade (SPEC §8: generation without retrieval context).
 */
public interface StoryMemory {

    /**
     * Stores the passages, replacing any with the same id. Idempotent: upserting the same passages again
     * changes nothing. The passages are searchable when this returns.
     */
    void upsert(List<Passage> passages);

    /**
     * The passages most similar in meaning to the query's text, best first, only from the query's novel
     * (and branch and kinds, when given). Never another novel's passage.
     */
    List<Recollection> search(MemoryQuery query);

    /**
     * Forgets every passage of every novel (the collection is dropped and created again), before a
     * rebuild from PostgreSQL ({@code reindex}): the memory is derived data.
     */
    void clear();
}
