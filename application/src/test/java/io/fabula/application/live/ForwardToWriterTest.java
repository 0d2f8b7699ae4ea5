package io.fabula.application.live;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabula.domain.event.DomainEvent;
import io.fabula.domain.event.EventMetadata;
import io.fabula.domain.event.EventPayload;
import io.fabula.domain.event.EventType;
import io.fabula.domain.id.CausationId;
import io.fabula.domain.id.CorrelationId;
import io.fabula.domain.id.EventId;
import io.fabula.domain.id.NovelId;
import io.fabula.domain.id.SessionId;
import io.fabula.domain.id.UserId;
import io.fabula.domain.stage.Stage;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ForwardToWriterTest {
    private static final SessionId SESSION = SessionId.of("01956a1e-0000-7000-8000-000000000001");
    private static final UserId WRITER = UserId.of("01956a1e-0000-7000-8000-0000000000aa");
    private static final EventId EVENT = EventId.of("01956a1e-0000-7000-8000-000000000e01");

    private final List<Map.Entry<UserId, LiveMessage>> published = new ArrayList<>();
    private final ForwardToWriter forward = new ForwardToWriter(new LiveFeed() {
        @Override
        public void publish(UserId user, LiveMessage message) {
            published.add(Map.entry(user, message));
        }

        @Override
        public void stream(TokenDelta delta) {
            throw new AssertionError("events are never token deltas");
        }
    });

    @ParameterizedTest
    @EnumSource(value = EventType.class, names = {"STARTED", "CONCEPT_PROPOSED", "THEME_PROPOSED", "CONCEPT_CONFIRMED",
            "THEME_CONFIRMED", "WORLD_UPDATED", "CHARACTER_UPDATED", "STAGE_COMPLETED", "FINISHED", "FAILED"})
    void the_writer_facing_events_of_the_specification_reach_their_writer_with_their_id_and_envelope(EventType type) {
        boolean forwarded = forward.handle(event(type), "{\"envelope\":true}");

        assertThat(forwarded).isTrue();
        assertThat(published).containsExactly(Map.entry(WRITER,
                new LiveMessage(EVENT.toString(), type.typeName(), "{\"envelope\":true}")));
    }

    @ParameterizedTest
    @EnumSource(value = EventType.class, names = {"SEED_REQUESTED", "THEME_REQUESTED", "WORLD_REQUESTED",
            "CHARACTER_REQUESTED", "PLOT_REQUESTED", "DETAILS_REQUESTED", "PLOT_NODE_CREATED", "CHARACTER_NETWORK_CREATED",
            "MESSAGE_SUBMITTED", "REVISION_REQUESTED", "REGENERATION_REQUESTED"})
    void capability_requests_and_internal_facts_never_reach_the_browser(EventType type) {
        boolean forwarded = forward.handle(event(type), "{}");

        assertThat(forwarded).isFalse();
        assertThat(published).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(EventType.class)
    void every_event_type_is_forwarded_exactly_when_the_domain_calls_it_writer_facing(EventType type) {
        assertThat(forward.handle(event(type), "{}")).isEqualTo(type.writerFacing());
    }

    private static DomainEvent event(EventType type) {
        return new DomainEvent(EVENT, type, SESSION, 3, new CorrelationId("corr-1"), new CausationId("cmd-1"),
                Instant.parse("2026-11-23T09:30:00Z"),
                new EventPayload(SESSION, NovelId.of("01956a1e-0000-7000-8000-0000000000cc"), WRITER, Stage.THEME,
                        null, null, Map.of()),
                EventMetadata.current("/fabula/test", null));
    }
}
