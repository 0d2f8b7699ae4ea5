package io.fabula.codec.flow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabula.application.flow.DeadLetter;
import io.fabula.application.flow.Delivery;
import io.fabula.application.orchestration.Capability;
import io.fabula.application.orchestration.CapabilityResult;
import io.fabula.application.orchestration.CapabilityTask;
import io.fabula.application.orchestration.TaskPurpose;
import io.fabula.domain.failure.FailureKind;
import io.fabula.domain.id.CorrelationId;
import io.fabula.domain.id.EventId;
import io.fabula.domain.id.NovelId;
import io.fabula.domain.id.SessionId;
import io.fabula.domain.id.UserId;
import io.fabula.domain.stage.Stage;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class FlowCodecTest {
    private static final SessionId SESSION = SessionId.of("01956a1e-0000-7000-8000-000000000001");
    private static final UserId WRITER = UserId.of("01956a1e-0000-7000-8000-0000000000aa");
    private static final EventId TASK = EventId.of("01956a1e-0000-7000-8000-000000000e01");
    private final FlowCodec codec = new FlowCodec();

    @Test
    void a_task_reads_back_as_written() {
        CapabilityTask task = new CapabilityTask(TASK, Capability.WORLDSMITH, TaskPurpose.REVISE, SESSION,
                NovelId.of("01956a1e-0000-7000-8000-0000000000cc"), WRITER, Stage.WORLD, new CorrelationId("corr-1"),
                Duration.ofSeconds(15), Map.of("feedback", "more magic, 更多魔法"));

        assertThat(codec.decodeTask(codec.encode(task))).isEqualTo(task);
    }

    static Stream<CapabilityResult> results() {
        return Stream.of(
                result(Capability.PLOT, new CapabilityResult.Generated("{\"plot_nodes\":[]}", 7.5, List.of("{\"id\":\"p1\"}"))),
                result(Capability.OUTLINE, new CapabilityResult.Generated("{}", null, List.of())),
                result(Capability.REVIEW, new CapabilityResult.Scored(3.3, List.of("error: flat", "info: ok"))),
                result(Capability.CHARACTER, new CapabilityResult.GaveUp(FailureKind.TRANSIENT, "HTTP 502 after 3 retries", 4)));
    }

    @ParameterizedTest
    @MethodSource("results")
    void every_kind_of_result_reads_back_as_written(CapabilityResult result) {
        assertThat(codec.decodeResult(codec.encode(result))).isEqualTo(result);
    }

    @Test
    void a_dead_letter_keeps_the_original_payload_and_place_and_says_why() {
        Delivery original = new Delivery("genesis.review.tasks", 2, 41, SESSION.toString(), "{\"message_type\":\"x\"}", 0);
        DeadLetter letter = new DeadLetter(UUID.randomUUID(), Instant.parse("2026-11-23T12:00:00Z"), original,
                new DeadLetter.Raw(original.payload()), FailureKind.POISON, "unknown message_type", 1, "corr-1");

        DeadLetter read = codec.decodeDeadLetter(codec.encode(letter));

        assertThat(read).isEqualTo(letter);
        assertThat(FlowCodec.deadLetterHeaders(letter)).containsEntry("error_class", "POISON")
                .containsEntry("attempts", "1").containsEntry("original_offset", "41")
                .containsEntry("original_topic", "genesis.review.tasks");
    }

    @ParameterizedTest
    @ValueSource(strings = {"not json", "[]", "{\"message_type\":\"fabula.task/2\"}", "{\"message_type\":\"fabula.task/1\"}",
            "{\"message_type\":\"fabula.task/1\",\"task_id\":\"x\",\"capability\":\"poet\"}"})
    void anything_else_is_refused_as_poison(String text) {
        assertThatThrownBy(() -> codec.decodeTask(text)).isInstanceOf(IllegalArgumentException.class);
    }

    private static CapabilityResult result(Capability capability, CapabilityResult.Outcome outcome) {
        return new CapabilityResult(TASK, capability, SESSION, WRITER, Stage.PLOT, new CorrelationId("corr-1"), outcome);
    }
}
