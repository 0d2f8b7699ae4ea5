package io.fabula.application.memory;

import java.util.List;

/**
 * Turns text into a vector whose cosine similarity to another text's vector says how close their
 * meanings are. The story memory stores and searches passages by these vectors.
 *
 * <p>Contract for implementations:
 * <ul>
 *   <li><b>Deterministic:</b> the same text gives the same vector (the same model, the same input).</li>
 *   <li><b>Fixed dimension:</b> every vector has {@link #dimension()} components; the Milvus collection is
 *       created with it, so changing the model means re-indexing.</li>
 *   <li><b>Failures:</b> a remote model that cannot be reached, times out or answers 5xx throws
 *       {@link EmbeddingFailedException} with {@code transientFailure = true} (retry with backoff); a refused
 *       input (4xx) with {@code false}. Text is never silently truncated to nothing: blank text is rejected with
 *       {@link IllegalArgumentException}.</li>
 *   <li><b>Thread-safe:</b> one instance serves the whole process.</li>
 * </ul>
 */
public interface Embedder {

    /** The number of components of every vector this embedder returns, e.g. 384. */
    int dimension();

    /** The name of the model, recorded with the vectors (e.g. {@code all-minilm-l6-v2-q}). */
    String model();

    /**
     * Embeds several texts in one call, in order.
     *
     * @return one vector per text, each {@link #dimension()} long and L2-normalised
     */
    List<float[]> embedAll(List<String> texts);

    /** Embeds one text; see {@link #embedAll(List)}. */
    default float[] embed(String text) {
        return embedAll(List.of(text)).get(0);
    }
}
