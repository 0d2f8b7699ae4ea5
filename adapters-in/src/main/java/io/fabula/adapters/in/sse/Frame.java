package io.fabula.adapters.in.sse;

/**
 * One SSE frame: an event ({@code id} may be null for frames that are not replayable) or a comment.
 */
record Frame(String id, String event, String data, String comment) {

    static Frame event(String id, String event, String data) {
        return new Frame(id, event, data, null);
    }

    static Frame comment(String text) {
        return new Frame(null, null, null, text);
    }

    boolean isComment() {
        return comment != null;
    }
}
