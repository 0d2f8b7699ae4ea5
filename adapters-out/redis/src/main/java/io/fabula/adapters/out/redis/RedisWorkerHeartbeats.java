package io.fabula.adapters.out.redis;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabula.application.agent.WorkerBeat;
import io.fabula.application.agent.WorkerHeartbeats;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.JedisPooled;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

/**
 * Worker heartbeats as Redis strings {@code fabula:worker:<id>} holding the beat as JSON, written with
 * {@code SET ... EX <ttl>}: a worker that stops beating (crash, kill -9, partition) disappears after the TTL.
 */
public final class RedisWorkerHeartbeats implements WorkerHeartbeats {
    public static final String PREFIX = "fabula:worker:";
    private static final Logger LOG = LoggerFactory.getLogger(RedisWorkerHeartbeats.class);

    private final JedisPooled redis;
    private final ObjectMapper json = new ObjectMapper();

    public RedisWorkerHeartbeats(JedisPooled redis) {
        this.redis = Objects.requireNonNull(redis, "redis");
    }

    @Override
    public void beat(WorkerBeat beat, Duration ttl) {
        try {
            redis.setex(PREFIX + beat.workerId(), Math.max(1, ttl.toSeconds()), write(beat));
        } catch (RuntimeException e) {
            LOG.warn("cannot write the heartbeat of worker {}: {}", beat.workerId(), e.toString());
        }
    }

    @Override
    public void gone(String workerId) {
        try {
            redis.del(PREFIX + workerId);
        } catch (RuntimeException e) {
            LOG.warn("cannot remove the heartbeat of worker {}: {}", workerId, e.toString());
        }
    }

    @Override
    public List<WorkerBeat> alive() {
        List<WorkerBeat> beats = new ArrayList<>();
        String cursor = ScanParams.SCAN_POINTER_START;
        ScanParams match = new ScanParams().match(PREFIX + "*").count(100);
        do {
            ScanResult<String> page = redis.scan(cursor, match);
            for (String key : page.getResult()) {
                String value = redis.get(key);
                if (value != null) {
                    try {
                        beats.add(read(value));
                    } catch (IllegalStateException unreadable) {
                        // one malformed key (an older writer, a hand-made entry) must not hide every other worker
                        LOG.warn("skipping {}: {}", key, unreadable.getMessage());
                    }
                }
            }
            cursor = page.getCursor();
        } while (!ScanParams.SCAN_POINTER_START.equals(cursor));
        return beats;
    }

    private String write(WorkerBeat beat) {
        ObjectNode root = json.createObjectNode();
        root.put("worker_id", beat.workerId());
        root.put("host", beat.host());
        root.put("pid", beat.pid());
        beat.capabilities().forEach(root.putArray("capabilities")::add);
        root.put("started_at", beat.startedAt().toString());
        root.put("beat_at", beat.beatAt().toString());
        beat.inFlight().forEach(root.putArray("in_flight")::add);
        return root.toString();
    }

    private WorkerBeat read(String text) {
        try {
            JsonNode root = json.readTree(text);
            List<String> capabilities = new ArrayList<>();
            root.path("capabilities").forEach(node -> capabilities.add(node.asText()));
            List<String> inFlight = new ArrayList<>();
            root.path("in_flight").forEach(node -> inFlight.add(node.asText()));
            return new WorkerBeat(root.path("worker_id").asText(), root.path("host").asText(), root.path("pid").asLong(),
                    capabilities, Instant.parse(root.path("started_at").asText(root.path("beat_at").asText())),
                    Instant.parse(root.path("beat_at").asText()),
                    inFlight);
        } catch (Exception e) {
            throw new IllegalStateException("a worker heartbeat is not readable: " + text, e);
        }
    }
}
