package io.fabula.application.agent;

/**
 * Receives the text of a generation while it is being written (SPEC §3: tokens are streamed to the
 * writer, first token in under 3 s). Called on the generating thread, in order; it must be quick and
 * must not throw (a worker forwards each delta to the session's token stream and returns).
 */
@FunctionalInterface
public interface TokenListener {

    /** One delta of text, never empty; deltas concatenated give the generated text. */
    void onToken(String delta);

    /** Ignores every delta, for callers that only want the final text. */
    static TokenListener ignoring() {
        return delta -> {
        };
    }
}
