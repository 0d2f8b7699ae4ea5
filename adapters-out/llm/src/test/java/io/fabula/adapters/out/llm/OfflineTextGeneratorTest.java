package io.fabula.adapters.out.llm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabula.application.agent.GenerationRequest;
import io.fabula.application.agent.GenerationResult;
import io.fabula.application.agent.Prompt;
import io.fabula.application.orchestration.Capability;
import io.fabula.application.orchestration.TaskPurpose;
import io.fabula.domain.failure.FailureKind;
import io.fabula.domain.id.CorrelationId;
import io.fabula.domain.quality.QualityPolicy;
import io.fabula.domain.quality.QualitySignals;
import io.fabula.domain.quality.QualityVerdict;
import io.fabula.domain.stage.Stage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class OfflineTextGeneratorTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> DIMENSIONS =
            List.of("appearance", "personality", "background", "motivation", "goal", "obstacle", "arc", "secret");

    private final OfflineTextGenerator generator = new OfflineTextGenerator(Duration.ZERO);

    private static GenerationRequest request(Capability capability, TaskPurpose purpose, Stage stage, Locale locale, String seed) {
        return new GenerationRequest(capability, purpose, stage, locale, seed,
                new Prompt("system", "Write the " + stage + " for: " + seed), Optional.empty(), 2048, new CorrelationId("req-1"));
    }

    private static GenerationRequest proposal(Stage stage, Locale locale, String seed) {
        return request(Capability.generatorOf(stage), TaskPurpose.GENERATE, stage, locale, seed);
    }

    private JsonNode generate(GenerationRequest request) throws Exception {
        GenerationResult result = generator.generate(request, delta -> { });
        assertThat(result).isInstanceOf(GenerationResult.Generated.class);
        return JSON.readTree(((GenerationResult.Generated) result).text());
    }

    @Test
    void the_same_request_always_gives_the_same_text() {
        GenerationRequest request = proposal(Stage.CHARACTERS, Locale.ENGLISH, "a lighthouse keeper finds a door in the sea");

        assertThat(OfflineTextGenerator.compose(request)).isEqualTo(OfflineTextGenerator.compose(request));
    }

    @ParameterizedTest
    @EnumSource(Stage.class)
    void every_stage_is_json_in_the_generation_format(Stage stage) throws Exception {
        JsonNode content = generate(proposal(stage, Locale.ENGLISH, "a lighthouse keeper finds a door in the sea"));

        assertThat(content.path("format").asText()).isEqualTo("fabula.generation/1");
        assertThat(content.path("stage").asText()).isEqualTo(stage.name());
        assertThat(content.path("summary").asText()).isNotBlank();
    }

    @ParameterizedTest
    @ValueSource(strings = {"en", "zh-CN"})
    void a_story_has_what_each_stage_asks_for_and_its_stages_name_the_same_things(String language) throws Exception {
        Locale locale = Locale.forLanguageTag(language);
        String seed = "a city where every lamp is counted";
        JsonNode concept = generate(proposal(Stage.CONCEPT, locale, seed));
        JsonNode theme = generate(proposal(Stage.THEME, locale, seed));
        JsonNode world = generate(proposal(Stage.WORLD, locale, seed));
        JsonNode characters = generate(proposal(Stage.CHARACTERS, locale, seed));
        JsonNode plot = generate(proposal(Stage.PLOT, locale, seed));
        JsonNode details = generate(proposal(Stage.DETAILS, locale, seed));

        assertThat(concept.path("title").asText()).isNotBlank();
        assertThat(concept.path("logline").asText()).containsIgnoringCase(seed);
        assertThat(concept.path("seed").asText()).isEqualTo(seed);
        assertThat(theme.path("themes").size()).isBetween(2, 3);
        assertThat(world.path("world_rules").size()).isBetween(3, 4);
        assertThat(characters.path("characters").size()).isBetween(3, 6);
        for (JsonNode character : characters.path("characters")) {
            for (String dimension : DIMENSIONS) {
                assertThat(character.path(dimension).asText()).as(dimension).isNotBlank().doesNotContain("{");
            }
        }
        assertThat(plot.path("plot_nodes").size()).isBetween(8, 10);
        assertThat(details.path("details").size()).isBetween(4, 6);
        assertThat(details.path("opening_line").asText()).isNotBlank();

        Set<String> locations = ids(world.path("locations"));
        Set<String> people = ids(characters.path("characters"));
        Set<String> forbidden = new HashSet<>();
        world.path("world_rules").forEach(rule -> {
            rule.path("forbids").forEach(act -> forbidden.add(act.asText()));
            rule.path("governs").forEach(place -> assertThat(locations).contains(place.asText()));
        });
        for (JsonNode character : characters.path("characters")) {
            assertThat(locations).contains(character.path("location").asText());
            character.path("relations").forEach(relation -> assertThat(people).contains(relation.path("to").asText()));
            character.path("tags").forEach(tag -> assertThat(forbidden).doesNotContain(tag.asText()));
        }
        List<JsonNode> nodes = new ArrayList<>();
        plot.path("plot_nodes").forEach(nodes::add);
        for (int i = 0; i < nodes.size(); i++) {
            JsonNode node = nodes.get(i);
            assertThat(node.path("id").asText()).isEqualTo("p" + (i + 1));
            assertThat(locations).contains(node.path("location").asText());
            node.path("characters").forEach(who -> assertThat(people).contains(who.asText()));
            node.path("tags").forEach(tag -> assertThat(forbidden).doesNotContain(tag.asText()));
            assertThat(node.path("next").size()).isEqualTo(i + 1 < nodes.size() ? 1 : 0);
        }
    }

    @Test
    void different_seeds_grow_different_stories() throws Exception {
        Set<String> titles = new HashSet<>();
        Set<Integer> casts = new HashSet<>();
        Set<Integer> plots = new HashSet<>();
        for (int i = 0; i < 30; i++) {
            String seed = "seed number " + i;
            titles.add(generate(proposal(Stage.CONCEPT, Locale.ENGLISH, seed)).path("title").asText());
            casts.add(generate(proposal(Stage.CHARACTERS, Locale.ENGLISH, seed)).path("characters").size());
            plots.add(generate(proposal(Stage.PLOT, Locale.ENGLISH, seed)).path("plot_nodes").size());
        }

        assertThat(titles).hasSizeGreaterThan(15);
        assertThat(casts).containsAnyOf(3, 4).containsAnyOf(5, 6);
        assertThat(plots).hasSizeGreaterThan(1);
    }

    @Test
    void chinese_sessions_get_chinese_text() throws Exception {
        JsonNode characters = generate(proposal(Stage.CHARACTERS, Locale.SIMPLIFIED_CHINESE, "一座所有灯都被清点的城市"));

        assertThat(characters.path("language").asText()).isEqualTo("zh");
        assertThat(characters.path("characters").get(0).path("name").asText()).matches("\\p{IsHan}+");
        assertThat(characters.path("characters").get(0).path("secret").asText()).containsPattern("\\p{IsHan}");
    }

    @Test
    void streams_small_tokens_that_add_up_to_the_text_with_the_configured_delay() {
        OfflineTextGenerator slow = new OfflineTextGenerator(Duration.ofMillis(2));
        List<String> deltas = new ArrayList<>();

        GenerationResult result = slow.generate(
                request(Capability.OUTLINE, TaskPurpose.REPLY, Stage.CONCEPT, Locale.ENGLISH, "a door in the sea"), deltas::add);

        GenerationResult.Generated generated = (GenerationResult.Generated) result;
        assertThat(String.join("", deltas)).isEqualTo(generated.text());
        assertThat(deltas).hasSizeGreaterThan(10).allSatisfy(delta -> assertThat(delta).isNotEmpty().hasSizeLessThanOrEqualTo(12));
        assertThat(generated.usage().tokensOut()).isEqualTo(deltas.size());
        assertThat(generated.usage().model()).isEqualTo(OfflineTextGenerator.MODEL);
        assertThat(generated.usage().latency()).isGreaterThanOrEqualTo(Duration.ofMillis(2L * (deltas.size() - 1)));
        assertThat(generated.usage().timeToFirstToken()).get().matches(first -> first.compareTo(Duration.ofMillis(50)) < 0);
    }

    @Test
    void han_characters_stream_one_by_one() {
        assertThat(OfflineTextGenerator.tokens("灯塔 keeper")).containsExactly("灯", "塔", " keepe", "r");
    }

    @Test
    void a_low_quality_seed_is_scored_low_enough_to_be_regenerated_but_not_dropped_at_once() throws Exception {
        QualityPolicy policy = QualityPolicy.withDefaults();
        for (int i = 0; i < 20; i++) {
            String seed = "[low-quality] a tired story " + i;
            JsonNode review = generate(request(Capability.REVIEW, TaskPurpose.REVIEW, Stage.THEME, Locale.ENGLISH, seed));

            double score = policy.score(signals(review));

            assertThat(score).isGreaterThanOrEqualTo(2.0).isLessThan(4.0);
            assertThat(policy.judge(score, 0)).isInstanceOf(QualityVerdict.Regenerate.class);
            assertThat(policy.judge(score, 3)).isInstanceOf(QualityVerdict.DeadLetter.class);
        }
    }

    @Test
    void an_ordinary_seed_is_scored_well_enough_to_be_proposed() throws Exception {
        QualityPolicy policy = QualityPolicy.withDefaults();
        for (int i = 0; i < 20; i++) {
            JsonNode review = generate(request(Capability.FACTCHECK, TaskPurpose.VALIDATE, Stage.WORLD, Locale.ENGLISH, "a fine story " + i));

            assertThat(policy.judge(policy.score(signals(review)), 0)).isInstanceOf(QualityVerdict.Propose.class);
        }
    }

    @Test
    void the_marker_itself_never_reaches_the_story() throws Exception {
        JsonNode concept = generate(proposal(Stage.CONCEPT, Locale.ENGLISH, "[low-quality] a door in the sea"));

        assertThat(concept.toString()).doesNotContain("[low-quality]").contains("a door in the sea");
    }

    @Test
    void an_interrupt_stops_the_stream_as_a_transient_failure() {
        OfflineTextGenerator slow = new OfflineTextGenerator(Duration.ofMillis(1));
        List<String> deltas = new ArrayList<>();

        GenerationResult result = slow.generate(proposal(Stage.PLOT, Locale.ENGLISH, "a door in the sea"), delta -> {
            deltas.add(delta);
            if (deltas.size() == 3) {
                Thread.currentThread().interrupt();
            }
        });

        assertThat(Thread.interrupted()).isTrue();
        assertThat(result).isInstanceOfSatisfying(GenerationResult.Failed.class, failed -> {
            assertThat(failed.failure().kind()).isEqualTo(FailureKind.TRANSIENT);
            assertThat(failed.partialText()).isEqualTo(String.join("", deltas));
            assertThat(failed.usage().tokensOut()).isEqualTo(3);
        });
    }

    private static QualitySignals signals(JsonNode review) {
        JsonNode signals = review.path("signals");
        return new QualitySignals(signals.path("llm_judgement").asDouble(), signals.path("rule_checks").asDouble(),
                signals.path("intent_similarity").asDouble(), 0, 0, 0);
    }

    private static Set<String> ids(JsonNode list) {
        Set<String> ids = new HashSet<>();
        list.forEach(item -> ids.add(item.path("id").asText()));
        return ids;
    }
}
