package io.fabula.adapters.out.redis;

import io.fabula.application.switches.Switch;
import io.fabula.application.switches.SwitchBroadcast;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.JedisPubSub;
import redis.clients.jedis.UnifiedJedis;

/**
 * {@link SwitchBroadcast} over Redis pub/sub, and the listening side every process runs: messages are
 * {@code NAME=true|false} on one channel. Pub/sub keeps no history, so a process that was disconnected
 * relies on its periodic re-read of the store; {@code onReconnect} lets it re-read at once.
 */
public final class RedisSwitchBroadcast implements SwitchBroadcast, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RedisSwitchBroadcast.class);
    private static final long RETRY_MS = 1_000;

    private final UnifiedJedis redis;
    private final String channel;
    private volatile JedisPubSub subscription;
    private volatile boolean running;
    private Thread listener;

    public RedisSwitchBroadcast(UnifiedJedis redis, String channel) {
        this.redis = Objects.requireNonNull(redis, "redis");
        this.channel = Objects.requireNonNull(channel, "channel");
    }

    @Override
    public void publish(Switch which, boolean enabled) {
        try {
            redis.publish(channel, which.name() + "=" + enabled);
        } catch (RuntimeException e) {
            LOG.warn("could not broadcast {}={} (other processes see it at their next re-read): {}", which, enabled,
                    e.getMessage());
        }
    }

    /**
     * Starts listening on a daemon thread that resubscribes after a lost connection.
     *
     * @param onChange    called with each broadcast change
     * @param onSubscribe called each time the subscription is (re-)established, to catch up on missed messages
     */
    public synchronized void listen(BiConsumer<Switch, Boolean> onChange, Runnable onSubscribe) {
        if (listener != null) {
            throw new IllegalStateException("already listening");
        }
        running = true;
        listener = new Thread(() -> loop(onChange, onSubscribe), "switch-broadcast-listener");
        listener.setDaemon(true);
        listener.start();
    }

    private void loop(BiConsumer<Switch, Boolean> onChange, Runnable onSubscribe) {
        boolean warned = false;
        while (running) {
            JedisPubSub pubSub = new JedisPubSub() {
                @Override
                public void onSubscribe(String subscribed, int count) {
                    onSubscribe.run();
                }

                @Override
                public void onMessage(String from, String message) {
                    parse(message).ifPresentOrElse(change -> onChange.accept(change.which(), change.enabled()),
                            () -> LOG.warn("ignoring malformed switch broadcast '{}'", message));
                }
            };
            subscription = pubSub;
            try {
                redis.subscribe(pubSub, channel); // blocks until unsubscribed or the connection drops
                warned = false;
            } catch (RuntimeException e) {
                if (running && !warned) {
                    LOG.warn("switch broadcast subscription lost, retrying every {} ms: {}", RETRY_MS, e.getMessage());
                    warned = true;
                }
            }
            if (running) {
                try {
                    Thread.sleep(RETRY_MS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    record Broadcast(Switch which, boolean enabled) {
    }

    static Optional<Broadcast> parse(String message) {
        int equals = message.indexOf('=');
        if (equals < 0) {
            return Optional.empty();
        }
        String name = message.substring(0, equals);
        String value = message.substring(equals + 1);
        if (!value.equals("true") && !value.equals("false")) {
            return Optional.empty();
        }
        for (Switch which : Switch.values()) {
            if (which.name().equals(name)) {
                return Optional.of(new Broadcast(which, Boolean.parseBoolean(value)));
            }
        }
        return Optional.empty();
    }

    @Override
    public synchronized void close() {
        running = false;
        JedisPubSub current = subscription;
        if (current != null && current.isSubscribed()) {
            try {
                current.unsubscribe();
            } catch (RuntimeException e) {
                LOG.debug("unsubscribe on close failed: {}", e.getMessage());
            }
        }
        if (listener != null) {
            listener.interrupt();
            try {
                listener.join(2_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            listener = null;
        }
    }
}
