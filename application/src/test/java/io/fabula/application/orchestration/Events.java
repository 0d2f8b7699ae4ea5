package io.fabula.application.orchestration;

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
import java.util.Map;

/** Domain events as the orchestrator receives them. */
final class Events {
    static final SessionId SESSION = SessionId.of("01956a1e-0000-7000-8000-000000000001");
    static final NovelId NOVEL = NovelId.of("01956a1e-0000-7000-8000-0000000000cc");
    static final UserId WRITER = UserId.of("01956a1e-0000-7000-8000-0000000000aa");
    static final EventId EVENT = EventId.of("01956a1e-0000-7000-8000-000000000e01");
    static final CorrelationId CORRELATION = new CorrelationId("corr-1");

    private Events() {
    }

    static DomainEvent event(EventType type, Stage stage) {
        return event(type, stage, null, Map.of());
    }

    static DomainEvent event(EventType type, Stage stage, String content, Map<String, String> attributes) {
        return new DomainEvent(EVENT, type, SESSION, 7, CORRELATION, new CausationId("cmd-7"),
                Instant.parse("2025-03-01T09:30:00Z"),
                new EventPayload(SESSION, NOVEL, WRITER, stage, content, null, attributes),
                EventMetadata.current("/fabula/test", null));
    }
}
