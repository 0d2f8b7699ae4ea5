package io.fabula.codec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabula.domain.event.DomainEvent;
import io.fabula.domain.event.EventType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every event type: written by the codec, valid against the published JSON Schema, equal to its
 * golden file, and read back unchanged. Regenerate the golden files after an intended change with
 * {@code mvn -pl event-codec verify -Dgolden.update=true} and review the diff.
 */
class EnvelopeRoundTripTest {
    private static final Map<EventType, DomainEvent> SAMPLES = EventSamples.oneOfEachType();
    private static final Path GOLDEN = Path.of("src/test/resources/golden");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final EventEnvelopeCodec codec = new EventEnvelopeCodec();

    @Test
    void the_samples_cover_every_event_type() {
        assertThat(SAMPLES.keySet()).containsExactlyInAnyOrder(EventType.values());
    }

    @ParameterizedTest
    @EnumSource(EventType.class)
    void the_codec_writes_every_event_type_valid_against_the_json_schema(EventType type) throws IOException {
        JsonNode written = JSON.readTree(codec.encode(SAMPLES.get(type)));

        assertThat(Schemas.validate(written)).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(EventType.class)
    void the_codec_writes_every_event_type_as_its_golden_file(EventType type) throws IOException {
        Path golden = GOLDEN.resolve(type.typeName() + ".json");
        JsonNode written = JSON.readTree(codec.encode(SAMPLES.get(type)));
        if (Boolean.getBoolean("golden.update")) {
            Files.createDirectories(GOLDEN);
            Files.writeString(golden, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(written) + "\n");
        }

        assertThat(written).isEqualTo(JSON.readTree(golden.toFile()));
    }

    @ParameterizedTest
    @EnumSource(EventType.class)
    void every_event_type_reads_back_as_the_event_that_was_written(EventType type) {
        DomainEvent event = SAMPLES.get(type);

        assertThat(codec.decode(codec.encode(event))).isEqualTo(new DecodeResult.Decoded(event));
        assertThat(codec.decode(codec.encodeToString(event))).isEqualTo(new DecodeResult.Decoded(event));
    }

    @Test
    void every_event_of_the_sample_sessions_round_trips_and_validates() {
        for (DomainEvent event : EventSamples.all()) {
            assertThat(codec.decode(codec.encode(event))).isEqualTo(new DecodeResult.Decoded(event));
            assertThat(Schemas.validate(codec.toJson(event))).as(event.type().typeName()).isEmpty();
        }
    }

    @Test
    void the_envelope_has_the_field_names_of_the_spec() throws IOException {
        JsonNode written = JSON.readTree(codec.encode(SAMPLES.get(EventType.THEME_PROPOSED)));

        assertThat(written.fieldNames()).toIterable().containsExactly("event_id", "event_type", "aggregate_type",
                "aggregate_id", "sequence", "correlation_id", "causation_id", "occurred_at", "payload", "metadata");
        assertThat(written.get("payload").fieldNames()).toIterable()
                .startsWith("session_id", "novel_id", "user_id", "stage", "content");
        assertThat(written.get("metadata").get("schema_version").intValue()).isEqualTo(1);
    }
}
