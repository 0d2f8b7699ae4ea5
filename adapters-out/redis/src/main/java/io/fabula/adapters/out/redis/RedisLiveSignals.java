package io.fabula.adapters.out.redis;

import io.fabula.application.live.LiveSignals;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.JedisPubSub;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisException;

/**
 * Every instance subscribes once to {@link LiveKeys#SIGNALS} on one connection of its own, whatever the
 * number of SSE clients it serves. When Redis goes away the subscription is re-established with backoff,
 * and listeners are told to re-read ({@link Listener#resubscribed()}), since pub/sub does not keep what
 * was sent meanwhile.
 */
public final class RedisLiveSignals implements LiveSignals {
    private static final Logger LOG = LoggerFactory.getLogger(RedisLiveSignals.class);

    private final UnifiedJedis redis;
    private final Duration maxBackoff;
    private final LiveSignalCodec codec = new LiveSignalCodec();

    public RedisLiveSignals(UnifiedJedis redis, Duration maxBackoff) {
        this.redis = Objects.requireNonNull(redis, "redis");
        this.maxBackoff = Objects.requireNonNull(maxBackoff, "max backoff");
    }

    /** Publishes a close request for a connection another instance may hold. */
    void requestClose(String connectionId) {
        redis.publish(LiveKeys.SIGNALS, codec.close(connectionId));
    }

    @Override
    public AutoCloseable listen(Listener listener) {
        Objects.requireNonNull(listener, "listener");
        AtomicBoolean running = new AtomicBoolean(true);
        JedisPubSub[] current = new JedisPubSub[1];
        Thread thread = new Thread(() -> {
            long backoffMs = 100;
            while (running.get()) {
                JedisPubSub subscription = new JedisPubSub() {
                    @Override
                    public void onSubscribe(String channel, int subscribedChannels) {
                        listener.resubscribed();
                    }

                    @Override
                    public void onMessage(String channel, String message) {
                        try {
                            codec.dispatch(message, listener);
                        } catch (RuntimeException e) {
                            LOG.error("a live signal listener failed on {}", message, e);
                        }
                    }
                };
                synchronized (current) {
                    current[0] = subscription;
                }
                try {
                    redis.subscribe(subscription, LiveKeys.SIGNALS); // returns when unsubscribed
                    backoffMs = 100;
                } catch (JedisException e) {
                    if (running.get()) {
                        LOG.warn("live signals: subscription to Redis lost ({}), retrying in {} ms", e.getMessage(), backoffMs);
                        sleep(backoffMs);
                        backoffMs = Math.min(maxBackoff.toMillis(), backoffMs * 2);
                    }
                }
            }
        }, "live-signals");
        thread.setDaemon(true);
        thread.start();
        return () -> {
            running.set(false);
            synchronized (current) {
                if (current[0] != null && current[0].isSubscribed()) {
                    current[0].unsubscribe();
                }
            }
            thread.interrupt();
            thread.join(Duration.ofSeconds(5).toMillis());
        };
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
