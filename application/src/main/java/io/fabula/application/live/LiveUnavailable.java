package io.fabula.application.live;

/**
 * The live store (Redis) cannot answer: the SSE stream answers 503 and clients fall back to polling
 * (SPEC §8: "Redis → no SSE"). The rest of the API keeps working. Kind: {@code Transient}.
 */
public final class LiveUnavailable extends RuntimeException {
    public LiveUnavailable(String message, Throwable cause) {
        super(message, cause);
    }
}
