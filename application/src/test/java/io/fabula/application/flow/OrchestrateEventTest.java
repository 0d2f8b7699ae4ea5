package io.fabula.application.flow;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabula.application.orchestration.Capability;
import io.fabula.application.orchestration.OrchestrationPolicy;
import io.fabula.application.orchestration.TaskPurpose;
import io.fabula.domain.event.DomainEvent;
import io.fabula.domain.event.EventMetadata;
import io.fabula.domain.event.EventPayload;
import io.fabula.domain.event.EventPayload.Attributes;
import io.fabula.domain.event.EventType;
import io.fabula.domain.failure.FailureKind;
import io.fabula.domain.id.CausationId;
import io.fabula.domain.id.CorrelationId;
import io.fabula.domain.id.EventId;
import io.fabula.domain.id.NovelId;
import io.fabula.domain.id.SessionId;
import io.fabula.domain.id.UserId;
import io.fabula.domain.stage.Stage;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class OrchestrateEventTest {
    static final SessionId SESSION = SessionId.of("01956a1e-0000-7000-8000-000000000001");
    private final InMemoryFlow flow = new InMemoryFlow();
    private final OrchestrateEvent orchestrate = new OrchestrateEvent(flow, new OrchestrationPolicy(),
            Clock.fixed(Instant.parse("2026-11-23T12:00:00Z"), ZoneOffset.UTC), UUID::randomUUID);
    private final Delivery delivery = new Delivery("genesis.session.events", 2, 41, SESSION.toString(), "{...}", 0);

    @Test
    void an_event_with_a_row_in_the_table_writes_its_task_through_the_outbox() {
        var outcome = orchestrate.handle(event(EventType.THEME_REQUESTED, Stage.THEME, Map.of()), delivery);

        assertThat(outcome).isEqualTo(OrchestrateEvent.Outcome.TASK_WRITTEN);
        assertThat(flow.tasks).singleElement().satisfies(task -> {
            assertThat(task.capability()).isEqualTo(Capability.OUTLINE);
            assertThat(task.purpose()).isEqualTo(TaskPurpose.GENERATE);
        });
    }

    @Test
    void the_same_event_delivered_twice_causes_its_task_once() {
        DomainEvent event = event(EventType.THEME_REQUESTED, Stage.THEME, Map.of());

        orchestrate.handle(event, delivery);
        var second = orchestrate.handle(event, delivery);

        assertThat(second).isEqualTo(OrchestrateEvent.Outcome.DUPLICATE);
        assertThat(flow.tasks).hasSize(1);
    }

    @Test
    void an_event_no_capability_acts_on_writes_nothing_but_is_remembered() {
        var outcome = orchestrate.handle(event(EventType.STAGE_COMPLETED, Stage.THEME, Map.of()), delivery);

        assertThat(outcome).isEqualTo(OrchestrateEvent.Outcome.NO_TASK);
        assertThat(flow.tasks).isEmpty();
        assertThat(flow.processed).hasSize(1);
    }

    @Test
    void a_regeneration_keeps_the_gates_delay_on_its_task() {
        orchestrate.handle(event(EventType.REGENERATION_REQUESTED, Stage.PLOT,
                Map.of(Attributes.ATTEMPT, "2", Attributes.RETRY_DELAY_MS, "15000")), delivery);

        assertThat(flow.tasks).singleElement().satisfies(task -> {
            assertThat(task.capability()).isEqualTo(Capability.PLOT);
            assertThat(task.purpose()).isEqualTo(TaskPurpose.REGENERATE);
            assertThat(task.delay()).isEqualTo(Duration.ofSeconds(15));
        });
    }

    @Test
    void when_the_quality_gate_gives_up_the_stages_generation_task_is_parked_on_its_dlt() {
        var outcome = orchestrate.handle(event(EventType.FAILED, Stage.CHARACTERS, Map.of(
                Attributes.FAILURE_KIND, FailureKind.QUALITY_REJECTED.name(),
                Attributes.REASON, "score 3.2 after 3 regenerations", Attributes.ATTEMPT, "4")), delivery);

        assertThat(outcome).isEqualTo(OrchestrateEvent.Outcome.DEAD_LETTERED);
        assertThat(flow.tasks).isEmpty();
        assertThat(flow.deadLetters).singleElement().satisfies(letter -> {
            assertThat(letter.topic()).isEqualTo("genesis.character.tasks.DLT");
            assertThat(letter.kind()).isEqualTo(FailureKind.QUALITY_REJECTED);
            assertThat(letter.attempts()).isEqualTo(4);
            assertThat(letter.message()).contains("after 3 regenerations");
            assertThat(letter.original().offset()).isEqualTo(41);
            assertThat(letter.payload()).isInstanceOfSatisfying(DeadLetter.OfTask.class,
                    parked -> assertThat(parked.task().purpose()).isEqualTo(TaskPurpose.REGENERATE));
        });
    }

    @Test
    void a_failure_of_another_kind_is_the_writers_news_not_a_dead_letter() {
        var outcome = orchestrate.handle(event(EventType.FAILED, Stage.CHARACTERS, Map.of(
                Attributes.FAILURE_KIND, FailureKind.TRANSIENT.name(), Attributes.REASON, "timeout",
                Attributes.ATTEMPT, "4")), delivery);

        assertThat(outcome).isEqualTo(OrchestrateEvent.Outcome.NO_TASK);
        assertThat(flow.deadLetters).isEmpty();
    }

    static DomainEvent event(EventType type, Stage stage, Map<String, String> attributes) {
        return new DomainEvent(new EventId(UUID.randomUUID()), type, SESSION, 5, new CorrelationId("corr-1"),
                new CausationId("cmd-5"), Instant.parse("2026-11-23T12:00:00Z"),
                new EventPayload(SESSION, NovelId.of("01956a1e-0000-7000-8000-0000000000cc"),
                        UserId.of("01956a1e-0000-7000-8000-0000000000aa"), stage, null, null, attributes),
                EventMetadata.current("/fabula/test", null));
    }
}
