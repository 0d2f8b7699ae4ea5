package io.fabula.domain.event;

import io.fabula.domain.id.CausationId;
import io.fabula.domain.id.CorrelationId;
import io.fabula.domain.id.EventId;
import io.fabula.domain.id.NovelId;
import io.fabula.domain.id.SessionId;
import io.fabula.domain.id.UserId;
import io.fabula.domain.stage.Stage;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

class EnvelopeTest {
    private static final SessionId SESSION = SessionId.of("01956a1e-0000-7000-8000-000000000001");
    private static final NovelId NOVEL = NovelId.of("01956a1e-0000-7000-8000-0000000000cc");
    private static final UserId USER = UserId.of("01956a1e-0000-7000-8000-0000000000aa");
    private static final EventPayload PAYLOAD = new EventPayload(SESSION, NOVEL, USER, Stage.THEME, "c", 5.0, Map.of());
    private static final EventMetadata METADATA = EventMetadata.current("/fabula/test", null);
    private static final EventId ID = EventId.of("01956a1e-0000-7000-8000-000000000e01");

    @Test
    void attributes_are_sorted_by_name_and_read_only() {
        Map<String, String> unsorted = new HashMap<>(Map.of("reason", "r", "attempt", "2", "feedback", "f"));

        EventPayload payload = new EventPayload(SESSION, NOVEL, USER, Stage.THEME, null, null, unsorted);

        assertThat(payload.attributes().keySet()).containsExactly("attempt", "feedback", "reason");
        assertThat(payload.attribute("attempt")).isEqualTo("2");
        assertThat(new EventPayload(SESSION, NOVEL, USER, Stage.THEME, null, null, null).attributes()).isEmpty();
        assertThatThrownByPut(payload);
    }

    private static void assertThatThrownByPut(EventPayload payload) {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> payload.attributes().put("x", "y"))
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void an_attribute_must_be_snake_case_and_must_not_shadow_a_payload_field() {
        assertThatIllegalArgumentException().isThrownBy(() -> payload(Map.of("Reason", "r")));
        assertThatIllegalArgumentException().isThrownBy(() -> payload(Map.of("stage", "THEME")));
        assertThatIllegalArgumentException().isThrownBy(() -> payload(Map.of("1st", "x")));
        assertThatIllegalArgumentException().isThrownBy(() -> payload(Map.of("a".repeat(65), "x")));
        assertThat(payload(Map.of("a".repeat(64), "x")).attributes()).hasSize(1);
        assertThat(payload(Map.of("retry_delay_ms", "5000")).attributes()).hasSize(1);
    }

    @Test
    void a_payload_needs_its_ids_and_stage_and_a_score_within_zero_to_ten() {
        assertThatNullPointerException().isThrownBy(() -> new EventPayload(null, NOVEL, USER, Stage.THEME, null, null, Map.of()));
        assertThatNullPointerException().isThrownBy(() -> new EventPayload(SESSION, null, USER, Stage.THEME, null, null, Map.of()));
        assertThatNullPointerException().isThrownBy(() -> new EventPayload(SESSION, NOVEL, null, Stage.THEME, null, null, Map.of()));
        assertThatNullPointerException().isThrownBy(() -> new EventPayload(SESSION, NOVEL, USER, null, null, null, Map.of()));
        assertThatIllegalArgumentException().isThrownBy(() -> new EventPayload(SESSION, NOVEL, USER, Stage.THEME, null, 10.01, Map.of()));
        assertThatIllegalArgumentException().isThrownBy(() -> new EventPayload(SESSION, NOVEL, USER, Stage.THEME, null, -1.0, Map.of()));
        assertThat(new EventPayload(SESSION, NOVEL, USER, Stage.THEME, null, 0.0, Map.of()).qualityScore()).isZero();
        assertThat(new EventPayload(SESSION, NOVEL, USER, Stage.THEME, null, 10.0, Map.of()).qualityScore()).isEqualTo(10.0);
    }

    @Test
    void metadata_has_a_schema_version_from_one_and_a_source() {
        assertThat(METADATA.schemaVersion()).isEqualTo(EventMetadata.CURRENT_SCHEMA_VERSION).isEqualTo(1);
        assertThat(new EventMetadata(1, "/s", "  ").traceId()).isNull();
        assertThat(new EventMetadata(2, "/s", "abc").traceId()).isEqualTo("abc");
        assertThatIllegalArgumentException().isThrownBy(() -> new EventMetadata(0, "/s", null));
        assertThatIllegalArgumentException().isThrownBy(() -> new EventMetadata(1, " ", null));
        assertThatIllegalArgumentException().isThrownBy(() -> new EventMetadata(1, null, null));
    }

    @Test
    void an_event_belongs_to_the_session_of_its_payload_and_counts_from_one() {
        DomainEvent event = event(1, SESSION);

        assertThat(event.aggregateType()).isEqualTo("GenesisSession");
        assertThatIllegalArgumentException().isThrownBy(() -> event(0, SESSION));
        assertThatIllegalArgumentException().isThrownBy(
                () -> event(1, SessionId.of("01956a1e-0000-7000-8000-0000000000ff")));
    }

    @Test
    void an_event_needs_every_envelope_field() {
        CorrelationId correlation = new CorrelationId("c");
        CausationId causation = new CausationId("k");
        Instant at = Instant.EPOCH;
        EventType type = EventType.THEME_PROPOSED;
        assertThatNullPointerException().isThrownBy(() -> new DomainEvent(null, type, SESSION, 1, correlation, causation, at, PAYLOAD, METADATA));
        assertThatNullPointerException().isThrownBy(() -> new DomainEvent(ID, null, SESSION, 1, correlation, causation, at, PAYLOAD, METADATA));
        assertThatNullPointerException().isThrownBy(() -> new DomainEvent(ID, type, null, 1, correlation, causation, at, PAYLOAD, METADATA));
        assertThatNullPointerException().isThrownBy(() -> new DomainEvent(ID, type, SESSION, 1, null, causation, at, PAYLOAD, METADATA));
        assertThatNullPointerException().isThrownBy(() -> new DomainEvent(ID, type, SESSION, 1, correlation, null, at, PAYLOAD, METADATA));
        assertThatNullPointerException().isThrownBy(() -> new DomainEvent(ID, type, SESSION, 1, correlation, causation, null, PAYLOAD, METADATA));
        assertThatNullPointerException().isThrownBy(() -> new DomainEvent(ID, type, SESSION, 1, correlation, causation, at, null, METADATA));
        assertThatNullPointerException().isThrownBy(() -> new DomainEvent(ID, type, SESSION, 1, correlation, causation, at, PAYLOAD, null));
    }

    private static EventPayload payload(Map<String, String> attributes) {
        return new EventPayload(SESSION, NOVEL, USER, Stage.THEME, null, null, attributes);
    }

    private static DomainEvent event(long sequence, SessionId aggregate) {
        return new DomainEvent(ID, EventType.THEME_PROPOSED, aggregate, sequence, new CorrelationId("c"),
                new CausationId("k"), Instant.EPOCH, PAYLOAD, METADATA);
    }
}
