package io.fabula.adapters.in.sse;

/** Where a connection's frames go: Jersey's {@code SseEventSink} in the server, a recorder in tests. */
interface FrameSink {

    /** Writes one frame; throws when the client is gone or the write did not finish in time. */
    void send(Frame frame) throws Exception;

    /** Ends the stream. Idempotent. */
    void close();
}
