package io.fabula.adapters.out.llm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabula.application.agent.GenerationRequest;
import io.fabula.application.agent.GenerationResult;
import io.fabula.application.agent.Prompt;
import io.fabula.application.agent.TokenListener;
import io.fabula.application.orchestration.Capability;
import io.fabula.application.orchestration.TaskPurpose;
import io.fabula.domain.id.CorrelationId;
import io.fabula.domain.stage.Stage;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class JsonGenerationFormatTest {
    private final JsonGenerationFormat format = new JsonGenerationFormat();
    private final OfflineTextGenerator offline = new OfflineTextGenerator(Duration.ZERO);

    @ParameterizedTest
    @EnumSource(Stage.class)
    void every_offline_proposal_is_read_and_a_plot_gives_its_nodes(Stage stage) {
        String text = generate(Capability.generatorOf(stage), TaskPurpose.GENERATE, stage, "A lighthouse keeper hears the sea");

        var elements = format.readProposal(stage, text);

        if (stage == Stage.PLOT) {
            assertThat(elements).hasSizeGreaterThanOrEqualTo(8).allMatch(node -> node.startsWith("{"));
        } else {
            assertThat(elements).isEmpty();
        }
    }

    @Test
    void an_offline_review_gives_its_three_signals_and_findings() {
        var review = format.readReview(generate(Capability.REVIEW, TaskPurpose.REVIEW, Stage.THEME, "A lighthouse keeper"));

        assertThat(review.llmJudgement()).isBetween(7.5, 9.5);
        assertThat(review.ruleChecks()).isBetween(8.0, 10.0);
        assertThat(review.findings()).isNotEmpty().allMatch(line -> line.startsWith("info: "));
    }

    @Test
    void the_low_quality_marker_gives_low_signals() {
        var review = format.readReview(generate(Capability.REVIEW, TaskPurpose.REVIEW, Stage.THEME, "[low-quality] A keeper"));

        assertThat(review.llmJudgement()).isLessThanOrEqualTo(2.0);
        assertThat(review.intentSimilarity()).isLessThanOrEqualTo(2.0);
    }

    @Test
    void a_review_inside_a_markdown_fence_and_without_signals_falls_back_to_its_score() {
        var review = format.readReview("```json\n{\"score\": 6.5, \"findings\": [\"too short\"]}\n```");

        assertThat(review.llmJudgement()).isEqualTo(6.5);
        assertThat(review.ruleChecks()).isEqualTo(6.5);
        assertThat(review.findings()).containsExactly("info: too short");
    }

    @ParameterizedTest
    @ValueSource(strings = {"Great story!", "[1, 2]", "{\"summary\": \"no score\"}", "{\"score\": 11}", "{\"score\": \"high\"}"})
    void a_review_without_a_usable_score_is_refused(String text) {
        assertThatThrownBy(() -> format.readReview(text)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void a_plot_without_nodes_is_refused() {
        assertThatThrownBy(() -> format.readProposal(Stage.PLOT, "{\"summary\": \"x\"}"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("plot_nodes");
    }

    private String generate(Capability capability, TaskPurpose purpose, Stage stage, String seed) {
        GenerationRequest request = new GenerationRequest(capability, purpose, stage, Locale.ENGLISH, seed,
                new Prompt("system", "user"), Optional.empty(), 4096, new CorrelationId("c"));
        return ((GenerationResult.Generated) offline.generate(request, TokenListener.ignoring())).text();
    }
}
