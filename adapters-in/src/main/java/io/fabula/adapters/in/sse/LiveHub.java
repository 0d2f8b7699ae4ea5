package io.fabula.adapters.in.sse;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabula.application.live.LiveConnections;
import io.fabula.application.live.LiveHistory;
import io.fabula.application.live.LiveSignals;
import io.fabula.application.live.LiveUnavailable;
import io.fabula.application.live.StreamPosition;
import io.fabula.application.live.TokenDelta;
import io.fabula.domain.id.UserId;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SSE connections of this instance, and the rules of SPEC §6 that apply to them: admission (at most
 * N per writer across instances, a tab replacing its own older connection), the replay a new connection
 * starts with, live delivery on every signal, pings, the send timeout and the connections' leases.
 *
 * <p>It holds no thread per connection: frames are written by a small shared pool, and the signals of all
 * writers arrive on one Redis subscription ({@link LiveSignals}).
 */
public final class LiveHub implements LiveSignals.Listener {
    private static final Logger LOG = LoggerFactory.getLogger(LiveHub.class);
    private static final Frame PING = Frame.comment("ping");
    private static final Frame CONNECTED = Frame.comment("connected");

    private final LiveHistory history;
    private final LiveConnections connections;
    private final SseSettings settings;
    private final Executor dispatch;
    private final LongSupplier nanoTime;
    private final ObjectMapper json = new ObjectMapper();

    private final Map<String, LiveConnection> byId = new ConcurrentHashMap<>();
    private final Map<UserId, Set<LiveConnection>> byUser = new ConcurrentHashMap<>();

    public LiveHub(LiveHistory history, LiveConnections connections, SseSettings settings, Executor dispatch,
                   LongSupplier nanoTime) {
        this.history = Objects.requireNonNull(history, "history");
        this.connections = Objects.requireNonNull(connections, "connections");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.dispatch = Objects.requireNonNull(dispatch, "dispatch");
        this.nanoTime = Objects.requireNonNull(nanoTime, "nano time");
    }

    /**
     * Opens a stream for {@code user}: counts it in (replacing the tab's older one), places it in the history
     * and starts its replay. Without {@code lastSeen}: the newest {@code initialReplay} messages. With it: what
     * was missed, in batches ({@code initialReplay} first, then {@code replayBatch}), at most {@code maxBackfill};
     * when more was missed a {@code resync} frame comes first and the newest {@code maxBackfill} follow.
     *
     * @throws TooManyConnections when the writer holds the most streams allowed
     * @throws LiveUnavailable    when Redis cannot answer
     */
    LiveConnection open(UserId user, Optional<String> tab, Optional<StreamPosition> lastSeen, FrameSink sink) {
        String connectionId = UUID.randomUUID().toString();
        LiveConnections.Admission admission =
                connections.admit(user, connectionId, tab, settings.maxConnectionsPerUser());
        if (admission instanceof LiveConnections.Admission.Refused refused) {
            throw new TooManyConnections(refused.open());
        }
        ((LiveConnections.Admission.Admitted) admission).replaced().forEach(this::closeRequested);
        LiveHistory.Backfill start;
        try {
            start = lastSeen.map(seen -> history.backfill(user, seen, settings.maxBackfill()))
                    .orElseGet(() -> new LiveHistory.Backfill(history.beforeLatest(user, settings.initialReplay()), false));
        } catch (LiveUnavailable e) {
            releaseQuietly(user, connectionId);
            throw e;
        }
        LiveConnection connection = new LiveConnection(connectionId, user, tab, sink, start.from(), history, dispatch,
                settings.replayBatch(), this::forget, nanoTime);
        byId.put(connectionId, connection);
        byUser.computeIfAbsent(user, key -> ConcurrentHashMap.newKeySet()).add(connection);
        connection.enqueue(CONNECTED);
        if (start.gap()) {
            connection.enqueue(Frame.event(null, "resync", toJson(Map.of(
                    "reason", "more messages were missed than a reconnect is back-filled with; reload the session",
                    "backfilled_at_most", settings.maxBackfill()))));
        }
        connection.catchUp(settings.initialReplay());
        return connection;
    }

    /** Whether a stream would be admitted now ({@code preflight=true}); opens nothing. */
    boolean wouldAdmit(UserId user, Optional<String> tab) {
        return connections.wouldAdmit(user, tab, settings.maxConnectionsPerUser());
    }

    /** Connections open on this instance. */
    public int size() {
        return byId.size();
    }

    /**
     * Every ping interval: a connection whose write has hung longer than the send timeout is closed, the
     * others get a ping, and all their leases are renewed in one round trip. When Redis cannot renew them
     * every connection is closed: its clients reconnect, are told 503 and poll until Redis is back.
     */
    public void tick() {
        long now = nanoTime.getAsLong();
        Map<UserId, List<String>> open = new HashMap<>();
        for (LiveConnection connection : byId.values()) {
            if (connection.sendingFor(now) > settings.sendTimeout().toNanos()) {
                connection.close("send timeout");
            } else {
                connection.enqueue(PING);
                open.computeIfAbsent(connection.user(), key -> new ArrayList<>()).add(connection.id());
            }
        }
        try {
            connections.renew(open);
        } catch (LiveUnavailable e) {
            LOG.warn("SSE: Redis cannot renew the leases of {} connections, closing them: {}", byId.size(), e.getMessage());
            closeAll("live store unavailable");
        }
    }

    /** Closes every stream (server stop, Redis loss). */
    public void closeAll(String reason) {
        List.copyOf(byId.values()).forEach(connection -> connection.close(reason));
    }

    @Override
    public void published(UserId user) {
        Set<LiveConnection> own = byUser.get(user);
        if (own != null) {
            own.forEach(LiveConnection::wake);
        }
    }

    @Override
    public void delta(TokenDelta delta) {
        Set<LiveConnection> own = byUser.get(delta.userId());
        if (own == null || own.isEmpty()) {
            return;
        }
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("session_id", delta.sessionId().toString());
        data.put("stage", delta.stage().name());
        data.put("capability", delta.capability());
        data.put("run_id", delta.runId());
        data.put("sequence", delta.sequence());
        data.put("text", delta.text());
        data.put("last", delta.last());
        Frame frame = Frame.event(null, "token", toJson(data));
        own.forEach(connection -> connection.enqueue(frame));
    }

    @Override
    public void closeRequested(String connectionId) {
        LiveConnection connection = byId.get(connectionId);
        if (connection != null) {
            connection.closeAfter(Frame.event(null, "replaced",
                    toJson(Map.of("reason", "a newer connection of the same tab replaced this one"))), "replaced by its tab");
        }
    }

    @Override
    public void resubscribed() {
        byId.values().forEach(LiveConnection::wake);
    }

    private void forget(LiveConnection connection, String reason) {
        byId.remove(connection.id());
        byUser.computeIfPresent(connection.user(), (user, set) -> {
            set.remove(connection);
            return set.isEmpty() ? null : set;
        });
        releaseQuietly(connection.user(), connection.id());
        LOG.debug("SSE connection {} of {} closed: {}", connection.id(), connection.user(), reason);
    }

    private void releaseQuietly(UserId user, String connectionId) {
        try {
            connections.release(user, connectionId);
        } catch (LiveUnavailable e) {
            // its lease lapses by itself
        }
    }

    private String toJson(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
