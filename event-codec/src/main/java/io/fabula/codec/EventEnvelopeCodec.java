package io.fabula.codec;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabula.domain.event.DomainEvent;
import io.fabula.domain.event.EventMetadata;
import io.fabula.domain.event.EventPayload;
import io.fabula.domain.event.EventType;
import io.fabula.domain.failure.Failure;
import io.fabula.domain.id.CausationId;
import io.fabula.domain.id.CorrelationId;
import io.fabula.domain.id.EventId;
import io.fabula.domain.id.NovelId;
import io.fabula.domain.id.SessionId;
import io.fabula.domain.id.UserId;
import io.fabula.domain.stage.Stage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;

import static io.fabula.codec.EnvelopeFields.*;

/**
 * The JSON form of the event envelope (SPEC §2), as stored in {@code domain_events} and
 * {@code event_outbox} and published to Kafka. It validates against
 * {@code schemas/event-envelope.schema.json}.
 *
 * <p>Reading is tolerant where it can be and strict where it must be: unknown fields are ignored
 * (a newer writer may add some); a newer {@code schema_version}, an unknown {@code event_type} or
 * a missing or malformed field makes the message {@link DecodeResult.Poisoned Poisoned}, never
 * silently dropped. Thread-safe.
 */
public final class EventEnvelopeCodec {
    /** The newest envelope schema this reader understands. */
    public static final int READER_SCHEMA_VERSION = EventMetadata.CURRENT_SCHEMA_VERSION;

    private final ObjectMapper mapper = new ObjectMapper();

    public byte[] encode(DomainEvent event) {
        try {
            return mapper.writeValueAsBytes(toJson(event));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("a tree of strings and numbers always serializes", e);
        }
    }

    public String encodeToString(DomainEvent event) {
        return new String(encode(event), StandardCharsets.UTF_8);
    }

    /** The envelope as a JSON tree, for adapters that embed it (jsonb, CloudEvents {@code data}). */
    public ObjectNode toJson(DomainEvent event) {
        ObjectNode root = mapper.createObjectNode();
        root.put(EVENT_ID, event.eventId().toString());
        root.put(EVENT_TYPE, event.type().typeName());
        root.put(AGGREGATE_TYPE, event.aggregateType());
        root.put(AGGREGATE_ID, event.aggregateId().toString());
        root.put(SEQUENCE, event.sequence());
        root.put(CORRELATION_ID, event.correlationId().value());
        root.put(CAUSATION_ID, event.causationId().value());
        root.put(OCCURRED_AT, event.occurredAt().toString());
        root.set(PAYLOAD, payloadJson(event.payload()));
        ObjectNode metadata = root.putObject(METADATA);
        metadata.put(SCHEMA_VERSION, event.metadata().schemaVersion());
        metadata.put(SOURCE, event.metadata().source());
        if (event.metadata().traceId() != null) {
            metadata.put(TRACE_ID, event.metadata().traceId());
        }
        return root;
    }

    ObjectNode payloadJson(EventPayload payload) {
        ObjectNode json = mapper.createObjectNode();
        json.put(SESSION_ID, payload.sessionId().toString());
        json.put(NOVEL_ID, payload.novelId().toString());
        json.put(USER_ID, payload.userId().toString());
        json.put(STAGE, payload.stage().name());
        if (payload.content() != null) {
            json.put(CONTENT, payload.content());
        }
        if (payload.qualityScore() != null) {
            json.put(QUALITY_SCORE, payload.qualityScore());
        }
        payload.attributes().forEach(json::put);
        return json;
    }

    public DecodeResult decode(byte[] json) {
        JsonNode root;
        try {
            root = mapper.readTree(json);
        } catch (JsonProcessingException e) {
            return poison("not JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new UncheckedIOException("reading from a byte array cannot fail", e);
        }
        return decode(root);
    }

    public DecodeResult decode(String json) {
        return decode(json.getBytes(StandardCharsets.UTF_8));
    }

    /** Reads an envelope already parsed, e.g. from a jsonb column. */
    public DecodeResult decode(JsonNode root) {
        if (root == null || !root.isObject()) {
            return poison("an envelope must be a JSON object");
        }
        try {
            JsonNode metadataJson = object(root, METADATA);
            int schemaVersion = integer(metadataJson, SCHEMA_VERSION);
            if (schemaVersion > READER_SCHEMA_VERSION) {
                return poison("schema_version " + schemaVersion + " is newer than " + READER_SCHEMA_VERSION
                        + ", the newest this reader knows");
            }
            String typeName = text(root, EVENT_TYPE);
            EventType type = EventType.fromTypeName(typeName).orElse(null);
            if (type == null) {
                return poison("unknown event_type " + typeName);
            }
            String aggregateType = text(root, AGGREGATE_TYPE);
            if (!DomainEvent.AGGREGATE_TYPE.equals(aggregateType)) {
                return poison("unknown aggregate_type " + aggregateType);
            }
            EventMetadata metadata = new EventMetadata(schemaVersion, text(metadataJson, SOURCE),
                    optionalText(metadataJson, TRACE_ID));
            return new DecodeResult.Decoded(new DomainEvent(
                    EventId.of(text(root, EVENT_ID)), type, SessionId.of(text(root, AGGREGATE_ID)),
                    longValue(root, SEQUENCE), new CorrelationId(text(root, CORRELATION_ID)),
                    new CausationId(text(root, CAUSATION_ID)), Instant.parse(text(root, OCCURRED_AT)),
                    payload(object(root, PAYLOAD)), metadata));
        } catch (RuntimeException e) {
            // a missing field, a bad UUID or timestamp, a broken invariant: the message cannot be read
            return poison(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
        }
    }

    EventPayload payload(JsonNode json) {
        Map<String, String> attributes = new TreeMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> fields = json.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            // attributes are the payload's other text fields; anything else is a newer writer's, ignored
            if (field.getValue().isTextual() && EventPayload.isAttributeName(field.getKey())) {
                attributes.put(field.getKey(), field.getValue().textValue());
            }
        }
        JsonNode score = json.get(QUALITY_SCORE);
        if (score != null && !score.isNull() && !score.isNumber()) {
            throw new IllegalArgumentException(QUALITY_SCORE + " must be a number");
        }
        return new EventPayload(SessionId.of(text(json, SESSION_ID)), NovelId.of(text(json, NOVEL_ID)),
                UserId.of(text(json, USER_ID)), Stage.valueOf(text(json, STAGE)), optionalText(json, CONTENT),
                score == null || score.isNull() ? null : score.doubleValue(), attributes);
    }

    private static JsonNode object(JsonNode parent, String name) {
        JsonNode node = parent.get(name);
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException(name + " must be an object");
        }
        return node;
    }

    private static String text(JsonNode parent, String name) {
        JsonNode node = parent.get(name);
        if (node == null || !node.isTextual()) {
            throw new IllegalArgumentException(name + " must be a string");
        }
        return node.textValue();
    }

    private static String optionalText(JsonNode parent, String name) {
        JsonNode node = parent.get(name);
        return node == null || node.isNull() ? null : text(parent, name);
    }

    private static int integer(JsonNode parent, String name) {
        JsonNode node = parent.get(name);
        if (node == null || !node.canConvertToInt() || !node.isIntegralNumber()) {
            throw new IllegalArgumentException(name + " must be an integer");
        }
        return node.intValue();
    }

    private static long longValue(JsonNode parent, String name) {
        JsonNode node = parent.get(name);
        if (node == null || !node.isIntegralNumber() || !node.canConvertToLong()) {
            throw new IllegalArgumentException(name + " must be an integer");
        }
        return node.longValue();
    }

    private static DecodeResult poison(String reason) {
        return new DecodeResult.Poisoned(new Failure.Poison(reason));
    }
}
