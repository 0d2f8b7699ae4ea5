package io.fabula.adapters.out.redis;

import static io.fabula.adapters.out.redis.RedisFailures.live;

import io.fabula.application.live.LiveEntry;
import io.fabula.application.live.LiveFeed;
import io.fabula.application.live.LiveHistory;
import io.fabula.application.live.LiveMessage;
import io.fabula.application.live.StreamPosition;
import io.fabula.application.live.TokenDelta;
import io.fabula.domain.id.UserId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.params.XAddParams;
import redis.clients.jedis.resps.StreamEntry;

/**
 * The live feed on Redis (SPEC §5, §6). {@link #publish} appends to the writer's stream (XADD MAXLEN
 * ~1000), at most once per message id, and signals every instance; all three steps run in one script,
 * so a message is never stored without its wake-up nor counted as seen without being stored.
 * {@link #stream} appends a delta to the session's token stream and signals it for live delivery.
 */
public final class RedisLiveFeed implements LiveFeed, LiveHistory {
    private static final Logger LOG = LoggerFactory.getLogger(RedisLiveFeed.class);

    /** KEYS: history, seen. ARGV: maxlen, history ttl s, seen ttl s, id, event, data, channel, signal. */
    private static final String PUBLISH = """
            if redis.call('SET', KEYS[2], '1', 'NX', 'EX', ARGV[3]) then
              local position = redis.call('XADD', KEYS[1], 'MAXLEN', '~', ARGV[1], '*',
                                          'id', ARGV[4], 'event', ARGV[5], 'data', ARGV[6])
              redis.call('EXPIRE', KEYS[1], ARGV[2])
              redis.call('PUBLISH', ARGV[7], ARGV[8])
              return position
            end
            return false
            """;

    /** KEYS: history. ARGV: count. The id before the newest {count} entries, or 0-0. Only ids leave Redis. */
    private static final String BEFORE_LATEST = """
            local newest = redis.call('XREVRANGE', KEYS[1], '+', '-', 'COUNT', tonumber(ARGV[1]) + 1)
            if #newest <= tonumber(ARGV[1]) then return '0-0' end
            return newest[#newest][1]
            """;

    /** KEYS: history. ARGV: last seen, max. Returns {gap 0/1, read-from id}. */
    private static final String BACKFILL = """
            local max = tonumber(ARGV[2])
            local missed = redis.call('XRANGE', KEYS[1], '(' .. ARGV[1], '+', 'COUNT', max + 1)
            if #missed == 0 then return {0, ARGV[1]} end
            local kept = redis.call('XRANGE', KEYS[1], '-', ARGV[1], 'COUNT', 1)
            if #missed <= max and #kept > 0 then return {0, ARGV[1]} end
            local newest = redis.call('XREVRANGE', KEYS[1], '+', '-', 'COUNT', max + 1)
            if #newest <= max then return {1, '0-0'} end
            return {1, newest[#newest][1]}
            """;

    private final UnifiedJedis redis;
    private final RedisLiveSettings settings;
    private final LiveSignalCodec signals = new LiveSignalCodec();
    private final AtomicLong lostDeltas = new AtomicLong();

    public RedisLiveFeed(UnifiedJedis redis, RedisLiveSettings settings) {
        this.redis = Objects.requireNonNull(redis, "redis");
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    /** @throws io.fabula.application.live.LiveUnavailable when Redis cannot store it (the caller retries) */
    @Override
    public void publish(UserId user, LiveMessage message) {
        live("publish a live message", () -> redis.eval(PUBLISH,
                List.of(LiveKeys.history(user), LiveKeys.seen(user, message.id())),
                List.of(String.valueOf(settings.historyMaxLength()), String.valueOf(settings.historyTtl().toSeconds()),
                        String.valueOf(settings.dedupTtl().toSeconds()), message.id(), message.event(), message.data(),
                        LiveKeys.SIGNALS, signals.published(user))));
    }

    /** Best effort: a delta that cannot be written is counted and dropped (the finished proposal still arrives as an event). */
    @Override
    public void stream(TokenDelta delta) {
        try {
            String key = LiveKeys.tokens(delta.sessionId());
            redis.xadd(key, XAddParams.xAddParams().maxLen(settings.tokenMaxLength()).approximateTrimming(),
                    Map.of("run_id", delta.runId(), "sequence", String.valueOf(delta.sequence()),
                            "stage", delta.stage().name(), "capability", delta.capability(),
                            "user_id", delta.userId().toString(), "text", delta.text(),
                            "last", String.valueOf(delta.last())));
            redis.expire(key, settings.tokenTtl().toSeconds());
            redis.publish(LiveKeys.SIGNALS, signals.delta(delta));
        } catch (JedisException e) {
            long lost = lostDeltas.incrementAndGet();
            if (lost == 1 || lost % 1000 == 0) {
                LOG.warn("token deltas are not reaching Redis ({} lost so far): {}", lost, e.getMessage());
            }
        }
    }

    /** Deltas dropped because Redis could not take them. */
    public long lostDeltas() {
        return lostDeltas.get();
    }

    @Override
    public List<LiveEntry> after(UserId user, StreamPosition after, int limit) {
        List<StreamEntry> entries = live("read a writer's history", () ->
                redis.xrange(LiveKeys.history(user), "(" + after, "+", limit));
        return entries.stream().map(RedisLiveFeed::entry).toList();
    }

    @Override
    public List<LiveEntry> latest(UserId user, int limit) {
        List<StreamEntry> newestFirst = live("read a writer's history", () ->
                redis.xrevrange(LiveKeys.history(user), "+", "-", limit));
        List<LiveEntry> entries = new ArrayList<>(newestFirst.stream().map(RedisLiveFeed::entry).toList());
        Collections.reverse(entries);
        return entries;
    }

    @Override
    public StreamPosition beforeLatest(UserId user, int count) {
        Object start = live("read a writer's history", () ->
                redis.eval(BEFORE_LATEST, List.of(LiveKeys.history(user)), List.of(String.valueOf(count))));
        return parse(start);
    }

    @Override
    public Backfill backfill(UserId user, StreamPosition lastSeen, int max) {
        List<?> result = (List<?>) live("read a writer's history", () ->
                redis.eval(BACKFILL, List.of(LiveKeys.history(user)), List.of(lastSeen.toString(), String.valueOf(max))));
        return new Backfill(parse(result.get(1)), ((Long) result.get(0)) == 1L);
    }

    private static StreamPosition parse(Object id) {
        String text = id instanceof byte[] bytes ? new String(bytes, java.nio.charset.StandardCharsets.UTF_8) : id.toString();
        return StreamPosition.parse(text).orElseThrow(() -> new IllegalStateException("not a stream id: " + text));
    }

    private static LiveEntry entry(StreamEntry entry) {
        Map<String, String> fields = entry.getFields();
        return new LiveEntry(position(entry.getID()),
                new LiveMessage(fields.get("id"), fields.get("event"), fields.get("data")));
    }

    private static StreamPosition position(StreamEntryID id) {
        return new StreamPosition(id.getTime(), id.getSequence());
    }
}
