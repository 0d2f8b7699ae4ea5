package io.fabula.codec;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabula.domain.event.EventType;
import org.junit.jupiter.api.Test;

import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

/** The schema is not vacuous: it refuses what the codec must never write. */
class SchemaContractTest {
    private final EventEnvelopeCodec codec = new EventEnvelopeCodec();

    @Test
    void the_schema_refuses_a_missing_field_a_wrong_type_and_a_stray_field() {
        assertInvalid(json -> json.remove("sequence"));
        assertInvalid(json -> json.put("sequence", "1"));
        assertInvalid(json -> json.put("sequence", 0));
        assertInvalid(json -> json.put("event_type", "Genesis.Session.Exploded"));
        assertInvalid(json -> json.put("event_id", "01956a1e-0000-4000-8000-000000000001"));
        assertInvalid(json -> json.put("occurred_at", "2025-03-01 09:30"));
        assertInvalid(json -> json.put("typo_field", "x"));
        assertInvalid(json -> ((ObjectNode) json.get("payload")).put("quality_score", 10.5));
        assertInvalid(json -> ((ObjectNode) json.get("payload")).put("stage", "EPILOGUE"));
        assertInvalid(json -> ((ObjectNode) json.get("payload")).put("attempt", 2));
        assertInvalid(json -> ((ObjectNode) json.get("payload")).remove("novel_id"));
        assertInvalid(json -> ((ObjectNode) json.get("metadata")).put("schema_version", 2));
        assertInvalid(json -> ((ObjectNode) json.get("metadata")).put("typo", "x"));
    }

    @Test
    void the_schema_accepts_the_codecs_output() {
        assertThat(Schemas.validate(codec.toJson(EventSamples.oneOfEachType().get(EventType.FAILED)))).isEmpty();
    }

    private void assertInvalid(Consumer<ObjectNode> change) {
        ObjectNode json = codec.toJson(EventSamples.oneOfEachType().get(EventType.REGENERATION_REQUESTED));
        change.accept(json);
        assertThat(Schemas.validate(json)).isNotEmpty();
    }
}
