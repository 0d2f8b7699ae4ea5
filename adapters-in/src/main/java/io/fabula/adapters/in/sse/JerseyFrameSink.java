package io.fabula.adapters.in.sse;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** Frames written to a suspended Jersey SSE response. */
final class JerseyFrameSink implements FrameSink {
    private final SseEventSink sink;
    private final Sse sse;
    private final Duration sendTimeout;

    JerseyFrameSink(SseEventSink sink, Sse sse, Duration sendTimeout) {
        this.sink = sink;
        this.sse = sse;
        this.sendTimeout = sendTimeout;
    }

    @Override
    public void send(Frame frame) throws Exception {
        if (sink.isClosed()) {
            throw new IllegalStateException("the client closed the stream");
        }
        OutboundSseEvent.Builder event = sse.newEventBuilder();
        if (frame.isComment()) {
            event.comment(frame.comment());
        } else {
            if (frame.id() != null) {
                event.id(frame.id());
            }
            event.name(frame.event()).mediaType(MediaType.TEXT_PLAIN_TYPE).data(String.class, frame.data());
        }
        sink.send(event.build()).toCompletableFuture().get(sendTimeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        try {
            sink.close();
        } catch (RuntimeException alreadyGone) {
            // the client went away first: nothing left to close
        }
    }
}
