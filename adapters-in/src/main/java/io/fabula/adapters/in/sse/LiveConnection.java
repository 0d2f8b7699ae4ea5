package io.fabula.adapters.in.sse;

import io.fabula.application.live.LiveEntry;
import io.fabula.application.live.LiveHistory;
import io.fabula.application.live.StreamPosition;
import io.fabula.domain.id.UserId;
import java.util.List;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiConsumer;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One open stream. Its frames are written by one task at a time, in order, on the hub's shared dispatch
 * threads (no thread of its own, none pinned while idle). It remembers the position of the last message
 * it wrote and reads the writer's history after it whenever it is woken: a message is written exactly once
 * per connection, whether it was back-filled or arrived live, and whatever the number of wake-ups.
 */
final class LiveConnection {
    private static final Logger LOG = LoggerFactory.getLogger(LiveConnection.class);
    private static final int TASKS_PER_TURN = 16;

    private final String id;
    private final UserId user;
    private final Optional<String> tab;
    private final FrameSink sink;
    private final LiveHistory history;
    private final Executor dispatch;
    private final int batch;
    private final BiConsumer<LiveConnection, String> onClose;
    private final LongSupplier nanoTime;

    private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private final AtomicBoolean catchUpPending = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile StreamPosition position;
    private volatile long sendingSince;

    LiveConnection(String id, UserId user, Optional<String> tab, FrameSink sink, StreamPosition from,
                   LiveHistory history, Executor dispatch, int batch, BiConsumer<LiveConnection, String> onClose,
                   LongSupplier nanoTime) {
        this.id = id;
        this.user = user;
        this.tab = tab;
        this.sink = sink;
        this.position = from;
        this.history = history;
        this.dispatch = dispatch;
        this.batch = batch;
        this.onClose = onClose;
        this.nanoTime = nanoTime;
    }

    String id() {
        return id;
    }

    UserId user() {
        return user;
    }

    Optional<String> tab() {
        return tab;
    }

    StreamPosition position() {
        return position;
    }

    boolean isClosed() {
        return closed.get();
    }

    /** Nanos since the frame being written was started; 0 when no write is under way. */
    long sendingFor(long nowNanos) {
        long since = sendingSince;
        return since == 0 ? 0 : nowNanos - since;
    }

    /** Writes a frame after those already queued. */
    void enqueue(Frame frame) {
        submit(() -> send(frame));
    }

    /** Reads and writes what the history holds after this connection's position, {@code firstBatch} first. */
    void catchUp(int firstBatch) {
        catchUpPending.set(true);
        submit(() -> readAndSend(firstBatch));
    }

    /** A wake-up: new messages may be waiting. Wake-ups that arrive while one is pending are merged into it. */
    void wake() {
        if (catchUpPending.compareAndSet(false, true)) {
            submit(() -> readAndSend(batch));
        }
    }

    private void readAndSend(int size) {
        catchUpPending.set(false);
        List<LiveEntry> entries = history.after(user, position, size);
        for (LiveEntry entry : entries) {
            if (!send(Frame.event(entry.position().toString(), entry.message().event(), entry.message().data()))) {
                return;
            }
            position = entry.position();
        }
        if (entries.size() == size) {
            wake(); // a full batch: the next one after the other connections had their turn
        }
    }

    private boolean send(Frame frame) {
        if (closed.get()) {
            return false;
        }
        sendingSince = nanoTime.getAsLong() | 1;
        try {
            sink.send(frame);
            return true;
        } catch (Exception e) {
            close("client gone: " + e.getClass().getSimpleName());
            return false;
        } finally {
            sendingSince = 0;
        }
    }

    /** Closes the stream once; the hub forgets it and releases its count. */
    void close(String reason) {
        if (closed.compareAndSet(false, true)) {
            tasks.clear();
            sink.close();
            onClose.accept(this, reason);
        }
    }

    /** Writes {@code last} and closes, after what is already queued. */
    void closeAfter(Frame last, String reason) {
        submit(() -> {
            send(last);
            close(reason);
        });
    }

    private void submit(Runnable task) {
        if (closed.get()) {
            return;
        }
        tasks.add(task);
        schedule();
    }

    private void schedule() {
        if (scheduled.compareAndSet(false, true)) {
            try {
                dispatch.execute(this::runTurn);
            } catch (RuntimeException rejected) { // the hub is stopping
                scheduled.set(false);
                close("server stopping");
            }
        }
    }

    private void runTurn() {
        try {
            Runnable task;
            int done = 0;
            while (done++ < TASKS_PER_TURN && !closed.get() && (task = tasks.poll()) != null) {
                try {
                    task.run();
                } catch (RuntimeException e) {
                    // the history cannot be read (Redis down): the client reconnects and is told 503, then polls
                    LOG.warn("SSE connection {} closed: {}", id, e.getMessage());
                    close("history unavailable");
                }
            }
        } finally {
            scheduled.set(false);
            if (!tasks.isEmpty() && !closed.get()) {
                schedule();
            }
        }
    }
}
