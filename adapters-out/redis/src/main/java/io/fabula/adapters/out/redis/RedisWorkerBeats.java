package io.fabula.adapters.out.redis;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabula.application.ops.WorkerBeats;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

/**
 * Reads the workers' heartbeats as the agent workers write them: Redis strings {@code fabula:worker:<id>}
 * ({@code SET … EX 60}) holding JSON with {@code worker_id}, {@code capabilities} and {@code beat_at}.
 * An unreadable value is skipped, not fatal: health must answer even when one worker wrote garbage.
 */
public final class RedisWorkerBeats implements WorkerBeats {
    public static final String PREFIX = "fabula:worker:";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final UnifiedJedis redis;

    public RedisWorkerBeats(UnifiedJedis redis) {
        this.redis = Objects.requireNonNull(redis, "redis");
    }

    @Override
    public List<Beat> current() {
        List<Beat> beats = new ArrayList<>();
        String cursor = ScanParams.SCAN_POINTER_START;
        ScanParams match = new ScanParams().match(PREFIX + "*").count(100);
        do {
            ScanResult<String> page = redis.scan(cursor, match);
            for (String key : page.getResult()) {
                String value = redis.get(key);
                if (value != null) {
                    parse(key, value).ifPresent(beats::add);
                }
            }
            cursor = page.getCursor();
        } while (!ScanParams.SCAN_POINTER_START.equals(cursor));
        return beats;
    }

    static java.util.Optional<Beat> parse(String key, String value) {
        try {
            JsonNode root = JSON.readTree(value);
            List<String> capabilities = new ArrayList<>();
            root.path("capabilities").forEach(node -> capabilities.add(node.asText()));
            String id = root.path("worker_id").asText(key.substring(PREFIX.length()));
            return java.util.Optional.of(new Beat(id, capabilities, Instant.parse(root.path("beat_at").asText())));
        } catch (Exception e) {
            return java.util.Optional.empty();
        }
    }
}
