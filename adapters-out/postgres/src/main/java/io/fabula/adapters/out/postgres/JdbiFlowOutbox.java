package io.fabula.adapters.out.postgres;

import io.fabula.application.flow.DeadLetter;
import io.fabula.application.flow.FlowOutbox;
import io.fabula.application.orchestration.CapabilityResult;
import io.fabula.application.orchestration.CapabilityTask;
import io.fabula.codec.flow.FlowCodec;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.jdbi.v3.core.Handle;

/**
 * The flow's messages as {@code event_outbox} rows. The record key is the session id (one partition per
 * session); the outbox's ordering key ({@code partition_key}) is topic + session, so a task held back for
 * the quality gate's delay ({@code scheduled_at} in the future) holds back only later messages of the same
 * topic and session, never the session's events.
 */
final class JdbiFlowOutbox implements FlowOutbox {
    private final Handle handle;
    private final FlowCodec codec;

    JdbiFlowOutbox(Handle handle, FlowCodec codec) {
        this.handle = handle;
        this.codec = codec;
    }

    @Override
    public void task(CapabilityTask task) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("message_type", FlowCodec.TASK_TYPE);
        headers.put("task_id", task.taskId().toString());
        headers.put("capability", task.capability().name().toLowerCase(Locale.ROOT));
        headers.put("purpose", task.purpose().name());
        headers.put("correlation_id", task.correlationId().value());
        insert(task.taskId().value(), task.topic(), task.sessionId().toString(), codec.encode(task), headers, task.delay());
    }

    @Override
    public void result(CapabilityResult result) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("message_type", FlowCodec.RESULT_TYPE);
        headers.put("task_id", result.taskId().toString());
        headers.put("capability", result.capability().name().toLowerCase(Locale.ROOT));
        headers.put("correlation_id", result.correlationId().value());
        insert(null, result.capability().resultTopic(), result.sessionId().toString(), codec.encode(result), headers,
                Duration.ZERO);
    }

    @Override
    public void deadLetter(DeadLetter letter) {
        insert(letter.id(), letter.topic(), letter.original().key(), codec.encode(letter),
                FlowCodec.deadLetterHeaders(letter), Duration.ZERO);
    }

    @Override
    public void replay(DeadLetter letter, int generation) {
        String payload = codec.payloadOf(letter);
        Json.read(payload); // jsonb column: a payload that is not JSON cannot be re-injected as it was
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("replay", Integer.toString(generation));
        headers.put("replayed_from", letter.id().toString());
        headers.put("correlation_id", letter.correlationId());
        insert(null, letter.original().topic(), letter.original().key(), payload, headers, Duration.ZERO);
    }

    private void insert(UUID eventId, String topic, String key, String payload, Map<String, String> headers, Duration delay) {
        handle.createUpdate("""
                        insert into event_outbox (event_id, topic, key, partition_key, payload, headers, scheduled_at)
                        values (cast(:eventId as uuid), :topic, :key, :partitionKey, cast(:payload as jsonb), cast(:headers as jsonb),
                                now() + :delayMs * interval '1 millisecond')""")
                .bind("eventId", eventId == null ? null : eventId.toString())
                .bind("topic", topic)
                .bind("key", key)
                .bind("partitionKey", topic + ":" + key)
                .bind("payload", payload)
                .bind("headers", Json.write(headers))
                .bind("delayMs", delay.toMillis())
                .execute();
        // wakes the relays at commit; a delayed row is picked up by their polling once due
        handle.execute("notify " + PostgresOutboxSignal.CHANNEL);
    }
}
