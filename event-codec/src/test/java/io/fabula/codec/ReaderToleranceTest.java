package io.fabula.codec;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabula.domain.event.DomainEvent;
import io.fabula.domain.event.EventType;
import io.fabula.domain.failure.FailureKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

/** Readers ignore what they do not know, and poison what they cannot read: never drop it. */
class ReaderToleranceTest {
    private final EventEnvelopeCodec codec = new EventEnvelopeCodec();
    private final DomainEvent event = EventSamples.oneOfEachType().get(EventType.REGENERATION_REQUESTED);

    @Test
    void a_reader_ignores_fields_it_does_not_know() {
        DecodeResult result = codec.decode(changed(json -> {
            json.put("priority", "high");
            json.putObject("extensions").put("x", 1);
            ((ObjectNode) json.get("payload")).put("mood_score", 3);
            ((ObjectNode) json.get("payload")).putArray("tags").add("sea");
            ((ObjectNode) json.get("payload")).put("newField", "camelCase is not an attribute");
            ((ObjectNode) json.get("metadata")).put("region", "eu");
        }));

        assertThat(result).isEqualTo(new DecodeResult.Decoded(event));
    }

    @Test
    void a_new_text_field_in_the_payload_is_kept_as_an_attribute() {
        DecodeResult result = codec.decode(changed(json -> ((ObjectNode) json.get("payload")).put("mood", "dark")));

        assertThat(result).isInstanceOfSatisfying(DecodeResult.Decoded.class,
                decoded -> assertThat(decoded.event().payload().attribute("mood")).isEqualTo("dark"));
    }

    @Test
    void a_newer_schema_version_is_reported_as_poison_with_the_reason() {
        DecodeResult result = codec.decode(changed(json -> ((ObjectNode) json.get("metadata")).put("schema_version", 2)));

        assertThat(result).isInstanceOfSatisfying(DecodeResult.Poisoned.class, poisoned -> {
            assertThat(poisoned.failure().kind()).isEqualTo(FailureKind.POISON);
            assertThat(poisoned.failure().reason())
                    .isEqualTo("schema_version 2 is newer than 1, the newest this reader knows");
        });
    }

    @Test
    void a_newer_schema_version_is_poison_even_when_the_rest_is_unreadable() {
        DecodeResult result = codec.decode("{\"metadata\":{\"schema_version\":7},\"event_type\":42}");

        assertThat(result).isInstanceOfSatisfying(DecodeResult.Poisoned.class,
                poisoned -> assertThat(poisoned.failure().reason()).startsWith("schema_version 7 is newer"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "not JSON at all           | this is not json                                  | not JSON",
            "a JSON array              | []                                                | an envelope must be a JSON object",
            "a JSON string             | \"event\"                                         | an envelope must be a JSON object",
            "no metadata               | {}                                                | metadata must be an object",
            "a textual schema version  | {\"metadata\":{\"schema_version\":\"1\"}}          | schema_version must be an integer",
            "a fractional version      | {\"metadata\":{\"schema_version\":1.5}}           | schema_version must be an integer",
    })
    void unreadable_input_is_poison(String what, String json, String reason) {
        assertThat(codec.decode(json)).isInstanceOfSatisfying(DecodeResult.Poisoned.class,
                poisoned -> assertThat(poisoned.failure().reason()).startsWith(reason));
    }

    @Test
    void an_empty_message_is_poison() {
        assertThat(codec.decode(new byte[0])).isInstanceOf(DecodeResult.Poisoned.class);
    }

    @Test
    void an_unknown_event_type_is_poison() {
        assertPoison(json -> json.put("event_type", "Genesis.Session.Exploded"), "unknown event_type Genesis.Session.Exploded");
    }

    @Test
    void an_unknown_aggregate_type_is_poison() {
        assertPoison(json -> json.put("aggregate_type", "Invoice"), "unknown aggregate_type Invoice");
    }

    @Test
    void a_missing_or_malformed_field_is_poison_naming_it() {
        assertPoison(json -> json.remove("correlation_id"), "correlation_id must be a string");
        assertPoison(json -> json.put("sequence", "7"), "sequence must be an integer");
        assertPoison(json -> json.put("sequence", 0), "sequences start at 1: 0");
        assertPoison(json -> json.put("event_id", "not-a-uuid"), "event id is not a UUID: not-a-uuid");
        assertPoison(json -> json.put("occurred_at", "yesterday"), "Text 'yesterday' could not be parsed at index 0");
        assertPoison(json -> json.remove("payload"), "payload must be an object");
        assertPoison(json -> ((ObjectNode) json.get("payload")).put("stage", "EPILOGUE"), "No enum constant");
        assertPoison(json -> ((ObjectNode) json.get("payload")).put("quality_score", "high"), "quality_score must be a number");
        assertPoison(json -> ((ObjectNode) json.get("payload")).put("quality_score", 11), "quality score must be within 0..10: 11.0");
        assertPoison(json -> ((ObjectNode) json.get("payload")).put("session_id", "01956a1e-0000-7000-8000-0000000000ff"),
                "payload belongs to another session");
        assertPoison(json -> ((ObjectNode) json.get("metadata")).remove("source"), "source must be a string");
        assertPoison(json -> ((ObjectNode) json.get("metadata")).put("trace_id", 5), "trace_id must be a string");
    }

    @Test
    void a_null_score_content_or_trace_id_reads_as_absent() {
        DecodeResult result = codec.decode(changed(json -> {
            ((ObjectNode) json.get("payload")).putNull("quality_score");
            ((ObjectNode) json.get("payload")).putNull("content");
            ((ObjectNode) json.get("metadata")).putNull("trace_id");
        }));

        assertThat(result).isInstanceOfSatisfying(DecodeResult.Decoded.class, decoded -> {
            assertThat(decoded.event().payload().qualityScore()).isNull();
            assertThat(decoded.event().payload().content()).isNull();
            assertThat(decoded.event().metadata().traceId()).isNull();
        });
    }

    private void assertPoison(Consumer<ObjectNode> change, String reason) {
        assertThat(codec.decode(changed(change))).isInstanceOfSatisfying(DecodeResult.Poisoned.class,
                poisoned -> assertThat(poisoned.failure().reason()).startsWith(reason));
    }

    private String changed(Consumer<ObjectNode> change) {
        ObjectNode json = codec.toJson(event);
        change.accept(json);
        try {
            return new ObjectMapper().writeValueAsString(json);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new AssertionError(e);
        }
    }
}
