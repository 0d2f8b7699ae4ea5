package io.fabula.application.memory;

/**
 * An {@link Embedder} could not produce vectors. {@code transientFailure} tells the failure classifier
 * whether trying again later can help (timeouts, connection loss, 5xx, 429) or not (a refused request).
 */
public final class EmbeddingFailedException extends RuntimeException {
    private final boolean transientFailure;

    public EmbeddingFailedException(String message, boolean transientFailure, Throwable cause) {
        super(message, cause);
        this.transientFailure = transientFailure;
    }

    public boolean transientFailure() {
        return transientFailure;
    }
}
