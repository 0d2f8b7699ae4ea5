package io.fabula.codec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabula.domain.event.DomainEvent;
import io.fabula.domain.event.EventType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The envelope ↔ CloudEvents 1.0 mapping of docs/events.md. */
class CloudEventsMappingTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final EventEnvelopeCodec codec = new EventEnvelopeCodec();
    private final CloudEventsMapping cloudEvents = new CloudEventsMapping(codec);
    private final DomainEvent event = EventSamples.oneOfEachType().get(EventType.THEME_PROPOSED);

    @Test
    void the_envelope_fills_every_cloudevents_attribute() {
        ObjectNode cloudEvent = cloudEvents.toStructured(event);

        assertThat(cloudEvent.get("specversion").textValue()).isEqualTo("1.0");
        assertThat(cloudEvent.get("id").textValue()).isEqualTo(event.eventId().toString());
        assertThat(cloudEvent.get("source").textValue()).isEqualTo("/fabula/server");
        assertThat(cloudEvent.get("type").textValue()).isEqualTo("Genesis.Session.Theme.Proposed");
        assertThat(cloudEvent.get("subject").textValue()).isEqualTo(event.aggregateId().toString());
        assertThat(cloudEvent.get("time").textValue()).isEqualTo("2025-03-01T09:30:00.250Z");
        assertThat(cloudEvent.get("datacontenttype").textValue()).isEqualTo("application/json");
        assertThat(cloudEvent.get("sequence").textValue()).isEqualTo(Long.toString(event.sequence()));
        assertThat(cloudEvent.get("correlationid").textValue()).isEqualTo(event.correlationId().value());
        assertThat(cloudEvent.get("causationid").textValue()).isEqualTo(event.causationId().value());
        assertThat(cloudEvent.get("aggregatetype").textValue()).isEqualTo("GenesisSession");
        assertThat(cloudEvent.get("schemaversion").textValue()).isEqualTo("1");
        assertThat(cloudEvent.get("data")).isEqualTo(codec.toJson(event).get("payload"));
    }

    @Test
    void extension_attribute_names_follow_the_cloudevents_naming_rule() {
        DomainEvent traced = EventSamples.all().stream().filter(it -> it.metadata().traceId() != null).findFirst().orElseThrow();
        ObjectNode cloudEvent = cloudEvents.toStructured(traced);

        assertThat(cloudEvent.fieldNames()).toIterable().allSatisfy(name -> assertThat(name).matches("[a-z0-9]{1,20}"));
        assertThat(cloudEvent.has("traceid")).isTrue();
    }

    @ParameterizedTest
    @EnumSource(EventType.class)
    void every_event_type_survives_the_trip_through_cloudevents(EventType type) {
        DomainEvent sample = EventSamples.oneOfEachType().get(type);

        assertThat(cloudEvents.fromStructured(cloudEvents.toStructuredString(sample)))
                .isEqualTo(new DecodeResult.Decoded(sample));
    }

    @Test
    void the_kafka_binding_carries_the_attributes_as_ce_headers_and_the_payload_as_value() throws IOException {
        Map<String, String> headers = cloudEvents.toKafkaHeaders(event);

        assertThat(headers).containsEntry("ce_specversion", "1.0")
                .containsEntry("ce_id", event.eventId().toString())
                .containsEntry("ce_source", "/fabula/server")
                .containsEntry("ce_type", "Genesis.Session.Theme.Proposed")
                .containsEntry("ce_subject", event.aggregateId().toString())
                .containsEntry("ce_time", "2025-03-01T09:30:00.250Z")
                .containsEntry("ce_sequence", Long.toString(event.sequence()))
                .containsEntry("ce_correlationid", event.correlationId().value())
                .containsEntry("ce_causationid", event.causationId().value())
                .containsEntry("ce_aggregatetype", "GenesisSession")
                .containsEntry("ce_schemaversion", "1")
                .containsEntry("content-type", "application/json");
        JsonNode value = JSON.readTree(cloudEvents.binaryData(event));
        assertThat(value).isEqualTo(codec.toJson(event).get("payload"));
    }

    @Test
    void something_that_is_not_a_cloudevent_is_poison() {
        assertThat(cloudEvents.fromStructured("{\"specversion\":\"0.3\"}")).isEqualTo(new DecodeResult.Poisoned(
                new io.fabula.domain.failure.Failure.Poison("not a CloudEvents 1.0 event")));
        assertThat(cloudEvents.fromStructured("[1]")).isInstanceOf(DecodeResult.Poisoned.class);
        assertThat(cloudEvents.fromStructured("no json")).isInstanceOf(DecodeResult.Poisoned.class);
    }

    @Test
    void a_cloudevent_from_a_newer_schema_is_poison_too() {
        ObjectNode cloudEvent = cloudEvents.toStructured(event);
        cloudEvent.put("schemaversion", "2");

        assertThat(cloudEvents.fromStructured(cloudEvent.toString())).isInstanceOfSatisfying(DecodeResult.Poisoned.class,
                poisoned -> assertThat(poisoned.failure().reason()).startsWith("schema_version 2 is newer"));
    }

    @Test
    void a_cloudevent_with_a_malformed_sequence_is_poison() {
        ObjectNode cloudEvent = cloudEvents.toStructured(event);
        cloudEvent.put("sequence", "seven");

        assertThat(cloudEvents.fromStructured(cloudEvent.toString())).isInstanceOf(DecodeResult.Poisoned.class);
    }
}
