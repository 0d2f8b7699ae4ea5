package io.fabula.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabula.application.port.out.Outbox;
import io.fabula.domain.id.EventId;
import io.fabula.domain.id.SessionId;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.awaitility.Awaitility;

/**
 * Reads {@code genesis.session.events} back from the start as a consumer should (docs/outbox-relay.md,
 * "What a consumer does"): per session it takes the event whose {@code sequence} is the next one, drops an
 * event it has taken already (a redelivery: deduplicated on {@code event_id}) and drops an event that comes
 * early (sequence beyond the next: a copy the relay put back after an older event of the session failed;
 * it comes again in its place). Then checks it against what the writers were told: every event there,
 * each session's events in order, sequences 1..n, and every copy byte-for-byte the same event.
 */
final class SessionEventsInKafka {
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * What was read: per session the events taken, in order; all records; redeliveries (copies of events
     * taken before) and early copies (events that came before their predecessor, taken later in place).
     */
    record Delivery(Map<SessionId, List<EventId>> deduplicated, Map<SessionId, List<Long>> sequences, long records,
                    long redeliveries, long early) {
    }

    private SessionEventsInKafka() {
    }

    /** Consumes until every expected event arrived (or {@code timeout}), then a little longer for stragglers. */
    static Delivery read(String bootstrapServers, Map<SessionId, List<EventId>> expected, Duration timeout) {
        Set<String> ours = new HashSet<>();
        expected.keySet().forEach(session -> ours.add(session.toString()));
        long total = expected.values().stream().mapToLong(List::size).sum();
        Map<SessionId, List<EventId>> deduplicated = new LinkedHashMap<>();
        Map<SessionId, List<Long>> sequences = new HashMap<>();
        Map<String, String> firstCopy = new HashMap<>();
        long[] counts = new long[4]; // records, redeliveries, taken, early
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.GROUP_ID_CONFIG, "outbox-it-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2_000), new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(Outbox.SESSION_EVENTS));
            Awaitility.await().atMost(timeout).pollInterval(Duration.ofMillis(10)).until(() -> {
                consumer.poll(Duration.ofMillis(500)).forEach(record ->
                        take(record, ours, deduplicated, sequences, firstCopy, counts));
                return counts[2] >= total;
            });
            // a redelivery after the last new event would still count: read what else is there
            for (int empty = 0; empty < 2; ) {
                var records = consumer.poll(Duration.ofMillis(500));
                records.forEach(record -> take(record, ours, deduplicated, sequences, firstCopy, counts));
                empty = records.isEmpty() ? empty + 1 : 0;
            }
        }
        return new Delivery(deduplicated, sequences, counts[0], counts[1], counts[3]);
    }

    private static void take(ConsumerRecord<String, String> record, Set<String> ours,
                             Map<SessionId, List<EventId>> deduplicated, Map<SessionId, List<Long>> sequences,
                             Map<String, String> firstCopy, long[] counts) {
        if (!ours.contains(record.key())) {
            return;
        }
        counts[0]++;
        String eventId = new String(record.headers().lastHeader("event_id").value(), StandardCharsets.UTF_8);
        String earlier = firstCopy.putIfAbsent(eventId, record.value());
        if (earlier != null) {
            assertThat(record.value()).as("a record seen twice is the same event again").isEqualTo(earlier);
        }
        JsonNode envelope = read(record.value());
        assertThat(envelope.path("aggregate_id").asText()).isEqualTo(record.key());
        assertThat(envelope.path("event_id").asText()).isEqualTo(eventId);
        SessionId session = SessionId.of(record.key());
        List<Long> taken = sequences.computeIfAbsent(session, s -> new ArrayList<>());
        long next = taken.isEmpty() ? 1 : taken.get(taken.size() - 1) + 1;
        long sequence = envelope.path("sequence").asLong();
        if (sequence < next) {
            counts[1]++; // taken before: a redelivery
            return;
        }
        if (sequence > next) {
            counts[3]++; // early: an older event of the session is still to come, and this one again after it
            return;
        }
        counts[2]++;
        deduplicated.computeIfAbsent(session, s -> new ArrayList<>()).add(EventId.of(eventId));
        taken.add(sequence);
    }

    /** Every expected event once after deduplication, in order, sequences 1..n without a gap. */
    static void assertEveryEventOnceInOrder(Delivery delivery, Map<SessionId, List<EventId>> expected) {
        for (Map.Entry<SessionId, List<EventId>> session : expected.entrySet()) {
            List<EventId> events = session.getValue();
            assertThat(delivery.deduplicated().get(session.getKey()))
                    .as("session %s: its events, each once, in order", session.getKey())
                    .isEqualTo(events);
            List<Long> gapless = new ArrayList<>();
            for (long sequence = 1; sequence <= events.size(); sequence++) {
                gapless.add(sequence);
            }
            assertThat(delivery.sequences().get(session.getKey()))
                    .as("session %s: sequences strictly increasing, no gap", session.getKey())
                    .isEqualTo(gapless);
        }
    }

    private static JsonNode read(String json) {
        try {
            return JSON.readTree(json);
        } catch (Exception e) {
            throw new IllegalStateException("not JSON: " + json, e);
        }
    }
}
