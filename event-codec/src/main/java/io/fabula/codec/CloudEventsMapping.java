package io.fabula.codec;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabula.domain.event.DomainEvent;
import io.fabula.domain.failure.Failure;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import static io.fabula.codec.EnvelopeFields.*;

/**
 * The envelope as a CloudEvents 1.0 event, so any CloudEvents consumer can read Fabula's events
 * (docs/events.md has the table). Every envelope field has exactly one CloudEvents attribute:
 * the required and optional attributes where CloudEvents has one ({@code id, source, type, subject,
 * time}), the payload as {@code data}, and extension attributes for the rest ({@code sequence} is
 * the CloudEvents Sequence extension). Extension values are strings, as the Kafka binding's
 * headers need them. So the mapping goes both ways without loss.
 */
public final class CloudEventsMapping {
    public static final String SPEC_VERSION = "1.0";
    public static final String DATA_CONTENT_TYPE = "application/json";

    static final String EXT_SEQUENCE = "sequence";
    static final String EXT_CORRELATION = "correlationid";
    static final String EXT_CAUSATION = "causationid";
    static final String EXT_AGGREGATE_TYPE = "aggregatetype";
    static final String EXT_SCHEMA_VERSION = "schemaversion";
    static final String EXT_TRACE_ID = "traceid";

    private final ObjectMapper mapper = new ObjectMapper();
    private final EventEnvelopeCodec codec;

    public CloudEventsMapping(EventEnvelopeCodec codec) {
        this.codec = codec;
    }

    /** Structured content mode: one JSON document ({@code application/cloudevents+json}). */
    public ObjectNode toStructured(DomainEvent event) {
        ObjectNode envelope = codec.toJson(event);
        ObjectNode metadata = (ObjectNode) envelope.get(METADATA);
        ObjectNode cloudEvent = mapper.createObjectNode();
        cloudEvent.put("specversion", SPEC_VERSION);
        cloudEvent.put("id", envelope.get(EVENT_ID).textValue());
        cloudEvent.put("source", metadata.get(SOURCE).textValue());
        cloudEvent.put("type", envelope.get(EVENT_TYPE).textValue());
        cloudEvent.put("subject", envelope.get(AGGREGATE_ID).textValue());
        cloudEvent.put("time", envelope.get(OCCURRED_AT).textValue());
        cloudEvent.put("datacontenttype", DATA_CONTENT_TYPE);
        extensions(event).forEach(cloudEvent::put);
        cloudEvent.set("data", envelope.get(PAYLOAD));
        return cloudEvent;
    }

    public String toStructuredString(DomainEvent event) {
        try {
            return mapper.writeValueAsString(toStructured(event));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Binary content mode for the Kafka protocol binding: the attributes as {@code ce_*} headers and
     * the payload as the record value ({@link #binaryData}).
     */
    public Map<String, String> toKafkaHeaders(DomainEvent event) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("ce_specversion", SPEC_VERSION);
        headers.put("ce_id", event.eventId().toString());
        headers.put("ce_source", event.metadata().source());
        headers.put("ce_type", event.type().typeName());
        headers.put("ce_subject", event.aggregateId().toString());
        headers.put("ce_time", event.occurredAt().toString());
        extensions(event).forEach((name, value) -> headers.put("ce_" + name, value));
        headers.put("content-type", DATA_CONTENT_TYPE);
        return headers;
    }

    public byte[] binaryData(DomainEvent event) {
        try {
            return mapper.writeValueAsBytes(codec.payloadJson(event.payload()));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads a structured CloudEvent written by {@link #toStructured}; Poisoned if it is not one of ours. */
    public DecodeResult fromStructured(String json) {
        JsonNode cloudEvent;
        try {
            cloudEvent = mapper.readTree(json.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            return codec.decode(json);
        }
        if (cloudEvent == null || !cloudEvent.isObject() || !SPEC_VERSION.equals(cloudEvent.path("specversion").asText())) {
            return new DecodeResult.Poisoned(new Failure.Poison("not a CloudEvents " + SPEC_VERSION + " event"));
        }
        ObjectNode envelope = mapper.createObjectNode();
        envelope.set(EVENT_ID, cloudEvent.get("id"));
        envelope.set(EVENT_TYPE, cloudEvent.get("type"));
        envelope.set(AGGREGATE_TYPE, cloudEvent.get(EXT_AGGREGATE_TYPE));
        envelope.set(AGGREGATE_ID, cloudEvent.get("subject"));
        JsonNode sequence = cloudEvent.get(EXT_SEQUENCE);
        if (sequence != null && sequence.isTextual() && sequence.textValue().matches("[0-9]{1,18}")) {
            envelope.put(SEQUENCE, Long.parseLong(sequence.textValue()));
        }
        envelope.set(CORRELATION_ID, cloudEvent.get(EXT_CORRELATION));
        envelope.set(CAUSATION_ID, cloudEvent.get(EXT_CAUSATION));
        envelope.set(OCCURRED_AT, cloudEvent.get("time"));
        envelope.set(PAYLOAD, cloudEvent.get("data"));
        ObjectNode metadata = envelope.putObject(METADATA);
        JsonNode schemaVersion = cloudEvent.get(EXT_SCHEMA_VERSION);
        if (schemaVersion != null && schemaVersion.isTextual() && schemaVersion.textValue().matches("[0-9]{1,9}")) {
            metadata.put(SCHEMA_VERSION, Integer.parseInt(schemaVersion.textValue()));
        }
        metadata.set(SOURCE, cloudEvent.get("source"));
        metadata.set(TRACE_ID, cloudEvent.get(EXT_TRACE_ID));
        return codec.decode(envelope);
    }

    private static Map<String, String> extensions(DomainEvent event) {
        Map<String, String> extensions = new LinkedHashMap<>();
        extensions.put(EXT_SEQUENCE, Long.toString(event.sequence()));
        extensions.put(EXT_CORRELATION, event.correlationId().value());
        extensions.put(EXT_CAUSATION, event.causationId().value());
        extensions.put(EXT_AGGREGATE_TYPE, event.aggregateType());
        extensions.put(EXT_SCHEMA_VERSION, Integer.toString(event.metadata().schemaVersion()));
        if (event.metadata().traceId() != null) {
            extensions.put(EXT_TRACE_ID, event.metadata().traceId());
        }
        return extensions;
    }
}
