package io.fabula.adapters.out.llm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabula.application.agent.Prompt;
import io.fabula.application.agent.Prompts.Slots;
import io.fabula.application.orchestration.Capability;
import io.fabula.application.orchestration.TaskPurpose;
import io.fabula.domain.stage.Stage;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

class ResourcePromptsTest {
    private static final Map<String, String> EVERY_SLOT = Map.of(
            Slots.SEED, "a lighthouse keeper finds a door in the sea",
            Slots.PROPOSAL, "{\"format\":\"fabula.generation/1\"}",
            Slots.FEEDBACK, "darker, please",
            Slots.MESSAGE, "what if the door is a mouth?",
            Slots.STORY_SO_FAR, "{\"title\":\"The Salt Archive\"}",
            Slots.RETRIEVAL_CONTEXT, "PASSAGE-FROM-MEMORY",
            Slots.GRAPH_FACTS, "FACT-FROM-GRAPH");

    private final ResourcePrompts prompts = new ResourcePrompts();

    /** Every (capability, purpose, stage) the orchestration table can ask a worker for (OrchestrationPolicy). */
    record Route(Capability capability, TaskPurpose purpose, Stage stage) {
    }

    static Stream<Route> routes() {
        List<Route> routes = new ArrayList<>();
        for (Stage stage : Stage.values()) {
            routes.add(new Route(Capability.generatorOf(stage), TaskPurpose.GENERATE, stage));
            routes.add(new Route(Capability.generatorOf(stage), TaskPurpose.REGENERATE, stage));
            routes.add(new Route(Capability.generatorOf(stage), TaskPurpose.REPLY, stage));
            routes.add(new Route(Capability.rewriterOf(stage), TaskPurpose.REVISE, stage));
            routes.add(new Route(Capability.reviewerOf(stage), stage == Stage.WORLD ? TaskPurpose.VALIDATE : TaskPurpose.REVIEW, stage));
        }
        return routes.stream();
    }

    @ParameterizedTest
    @MethodSource("routes")
    void every_task_the_orchestrator_can_send_has_a_prompt_with_the_context_slots(Route route) {
        Prompt prompt = prompts.compose(route.capability(), route.purpose(), route.stage(), Locale.ENGLISH, EVERY_SLOT);

        assertThat(prompt.system()).contains("English").doesNotContain("{{");
        assertThat(prompt.user()).contains("a lighthouse keeper finds a door in the sea")
                .contains("PASSAGE-FROM-MEMORY").contains("FACT-FROM-GRAPH").doesNotContain("{{");
    }

    @ParameterizedTest
    @EnumSource(Stage.class)
    void a_generator_s_prompt_needs_only_the_seed_and_names_its_stage(Stage stage) {
        Prompt prompt = prompts.compose(Capability.generatorOf(stage), TaskPurpose.GENERATE, stage, Locale.ENGLISH,
                Map.of(Slots.SEED, "a door in the sea"));

        assertThat(prompt.system()).contains("\"stage\": \"" + stage.name().toLowerCase(Locale.ROOT) + "\"");
        assertThat(prompt.user()).doesNotContain("memory").doesNotContain("story graph").doesNotContain("Feedback");
    }

    @ParameterizedTest
    @EnumSource(Stage.class)
    void a_review_without_the_proposal_is_refused(Stage stage) {
        assertThatThrownBy(() -> prompts.compose(Capability.reviewerOf(stage),
                stage == Stage.WORLD ? TaskPurpose.VALIDATE : TaskPurpose.REVIEW, stage, Locale.ENGLISH, Map.of(Slots.SEED, "x")))
                .hasMessageContaining("{{proposal}}");
    }

    @ParameterizedTest
    @EnumSource(Stage.class)
    void a_chinese_session_is_asked_for_chinese(Stage stage) {
        Prompt prompt = prompts.compose(Capability.generatorOf(stage), TaskPurpose.GENERATE, stage, Locale.SIMPLIFIED_CHINESE,
                Map.of(Slots.SEED, "一座所有灯都被清点的城市"));

        assertThat(prompt.system()).contains("简体中文");
    }
}
