package io.fabula.application.orchestration;

import io.fabula.domain.event.EventPayload.Attributes;
import io.fabula.domain.event.EventType;
import io.fabula.domain.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import static io.fabula.application.orchestration.Events.event;
import static org.assertj.core.api.Assertions.assertThat;

/** Every row of the orchestration table, and every event type that has no row. */
class OrchestrationTableTest {
    private final OrchestrationPolicy policy = new OrchestrationPolicy();

    /** event type, the stage it is about, the expected capability and purpose ("-" for no task). */
    private static final String TABLE = """
            SeedRequested               CONCEPT     OUTLINE     GENERATE
            Theme.Requested             THEME       OUTLINE     GENERATE
            World.Requested             WORLD       WORLD       GENERATE
            Character.Requested         CHARACTERS  CHARACTER   GENERATE
            Plot.Requested              PLOT        PLOT        GENERATE
            Details.Requested           DETAILS     WRITER      GENERATE
            ConceptProposed             CONCEPT     REVIEW      REVIEW
            Theme.Proposed              THEME       REVIEW      REVIEW
            Theme.Revised               THEME       REVIEW      REVIEW
            Character.Created           CHARACTERS  REVIEW      REVIEW
            Character.Updated           CHARACTERS  REVIEW      REVIEW
            Plot.Created                PLOT        REVIEW      REVIEW
            Details.Completed           DETAILS     REVIEW      REVIEW
            World.Created               WORLD       FACTCHECK   VALIDATE
            World.Updated               WORLD       FACTCHECK   VALIDATE
            RevisionRequested           THEME       REWRITER    REVISE
            RevisionRequested           WORLD       WORLDSMITH  REVISE
            RegenerationRequested       CHARACTERS  CHARACTER   REGENERATE
            RegenerationRequested       CONCEPT     OUTLINE     REGENERATE
            MessageSubmitted            DETAILS     WRITER      REPLY
            MessageSubmitted            WORLD       WORLD       REPLY
            StageReopened               THEME       OUTLINE     GENERATE
            StageReopened               PLOT        PLOT        GENERATE
            Started                     CONCEPT     -           -
            ConceptConfirmed            CONCEPT     -           -
            StageCompleted              THEME       -           -
            Theme.Confirmed             THEME       -           -
            World.ValidationCompleted   WORLD       -           -
            CharacterNetwork.Created    CHARACTERS  -           -
            Plot.NodeCreated            PLOT        -           -
            ReviewCompleted             PLOT        -           -
            Finished                    DETAILS     -           -
            Failed                      WORLD       -           -
            BranchCreated               WORLD       -           -
            Paused                      WORLD       -           -
            Abandoned                   WORLD       -           -
            Resumed                     WORLD       -           -
            """;

    static Stream<Arguments> rows() {
        return TABLE.lines().map(String::strip).filter(line -> !line.isEmpty())
                .map(line -> line.split("\\s+"))
                .map(cells -> Arguments.of(cells[0], Stage.valueOf(cells[1]), cells[2], cells[3]));
    }

    @ParameterizedTest(name = "{0} in {1} -> {2} {3}")
    @MethodSource("rows")
    void each_event_maps_to_at_most_one_capability_task(String type, Stage stage, String capability, String purpose) {
        Optional<CapabilityTask> task = policy.taskFor(event(EventType.fromTypeName(EventType.PREFIX + type).orElseThrow(), stage));

        if (capability.equals("-")) {
            assertThat(task).isEmpty();
        } else {
            assertThat(task).hasValueSatisfying(it -> {
                assertThat(it.capability()).isEqualTo(Capability.valueOf(capability));
                assertThat(it.purpose()).isEqualTo(TaskPurpose.valueOf(purpose));
                assertThat(it.stage()).isEqualTo(stage);
                assertThat(it.topic()).isEqualTo("genesis." + capability.toLowerCase() + ".tasks");
            });
        }
    }

    @Test
    void the_table_has_a_row_for_every_event_type() {
        assertThat(rows().map(arguments -> EventType.PREFIX + arguments.get()[0]).distinct())
                .containsExactlyInAnyOrderElementsOf(Arrays.stream(EventType.values()).map(EventType::typeName).toList());
    }

    @ParameterizedTest
    @EnumSource(Stage.class)
    void a_resumed_stage_in_progress_goes_back_to_its_generator(Stage stage) {
        Optional<CapabilityTask> task = policy.taskFor(event(EventType.RESUMED, stage, null,
                Map.of(Attributes.STAGE_STATE, "IN_PROGRESS", Attributes.PREVIOUS_STATUS, "FAILED")));

        assertThat(task).map(CapabilityTask::capability).contains(Capability.generatorOf(stage));
        assertThat(task).map(CapabilityTask::purpose).contains(TaskPurpose.GENERATE);
    }

    @Test
    void a_resumed_stage_awaiting_review_waits_for_the_writer() {
        assertThat(policy.taskFor(event(EventType.RESUMED, Stage.THEME, null,
                Map.of(Attributes.STAGE_STATE, "AWAITING_REVIEW")))).isEmpty();
    }

    @Test
    void a_task_carries_the_events_content_and_attributes_and_is_named_by_the_event() {
        CapabilityTask task = policy.taskFor(event(EventType.THEME_REQUESTED, Stage.THEME, "the seed",
                Map.of(Attributes.HINTS, "grief"))).orElseThrow();

        assertThat(task.inputs()).containsExactly(Map.entry("content", "the seed"), Map.entry(Attributes.HINTS, "grief"));
        assertThat(task.taskId()).isEqualTo(Events.EVENT);
        assertThat(task.sessionId()).isEqualTo(Events.SESSION);
        assertThat(task.novelId()).isEqualTo(Events.NOVEL);
        assertThat(task.userId()).isEqualTo(Events.WRITER);
        assertThat(task.correlationId()).isEqualTo(Events.CORRELATION);
        assertThat(task.delay()).isZero();
    }

    @Test
    void a_regeneration_waits_as_long_as_the_quality_gate_said() {
        CapabilityTask task = policy.taskFor(event(EventType.REGENERATION_REQUESTED, Stage.PLOT, null,
                Map.of(Attributes.ATTEMPT, "2", Attributes.RETRY_DELAY_MS, "15000"))).orElseThrow();

        assertThat(task.delay()).isEqualTo(Duration.ofSeconds(15));
        assertThat(task.inputs()).containsEntry(Attributes.ATTEMPT, "2").doesNotContainKey("content");
    }

    @ParameterizedTest
    @EnumSource(Stage.class)
    void the_stages_generator_is_the_capability_its_request_goes_to(Stage stage) {
        EventType requested = switch (stage) {
            case CONCEPT -> EventType.SEED_REQUESTED;
            case THEME -> EventType.THEME_REQUESTED;
            case WORLD -> EventType.WORLD_REQUESTED;
            case CHARACTERS -> EventType.CHARACTER_REQUESTED;
            case PLOT -> EventType.PLOT_REQUESTED;
            case DETAILS -> EventType.DETAILS_REQUESTED;
        };

        assertThat(policy.taskFor(event(requested, stage))).map(CapabilityTask::capability)
                .contains(Capability.generatorOf(stage));
        assertThat(Capability.reviewerOf(stage)).isEqualTo(stage == Stage.WORLD ? Capability.FACTCHECK : Capability.REVIEW);
        assertThat(Capability.rewriterOf(stage)).isEqualTo(stage == Stage.WORLD ? Capability.WORLDSMITH : Capability.REWRITER);
    }

    @ParameterizedTest
    @EnumSource(Capability.class)
    void every_capability_has_a_task_topic_and_a_result_topic(Capability capability) {
        String name = capability.name().toLowerCase();

        assertThat(capability.taskTopic()).isEqualTo("genesis." + name + ".tasks");
        assertThat(capability.resultTopic()).isEqualTo("genesis." + name + ".events");
    }

    @Test
    void the_capabilities_are_the_nine_of_the_spec() {
        assertThat(Arrays.stream(Capability.values()).map(Capability::taskTopic)).containsExactly(
                "genesis.outline.tasks", "genesis.writer.tasks", "genesis.review.tasks", "genesis.world.tasks",
                "genesis.character.tasks", "genesis.plot.tasks", "genesis.factcheck.tasks",
                "genesis.rewriter.tasks", "genesis.worldsmith.tasks");
    }
}
