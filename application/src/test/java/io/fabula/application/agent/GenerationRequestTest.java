package io.fabula.application.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabula.application.orchestration.Capability;
import io.fabula.application.orchestration.TaskPurpose;
import io.fabula.domain.id.CorrelationId;
import io.fabula.domain.stage.Stage;
import java.util.Locale;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class GenerationRequestTest {

    private static GenerationRequest request(Locale locale, Optional<String> model, int maxTokens) {
        return new GenerationRequest(Capability.OUTLINE, TaskPurpose.GENERATE, Stage.CONCEPT, locale, "a lighthouse keeper",
                new Prompt("be brief", "write a concept"), model, maxTokens, new CorrelationId("req-1"));
    }

    @Test
    void any_chinese_locale_asks_for_chinese_and_everything_else_for_english() {
        assertThat(request(Locale.SIMPLIFIED_CHINESE, Optional.empty(), 10).chinese()).isTrue();
        assertThat(request(Locale.forLanguageTag("zh-Hant-TW"), Optional.empty(), 10).chinese()).isTrue();
        assertThat(request(Locale.ENGLISH, Optional.empty(), 10).chinese()).isFalse();
        assertThat(request(Locale.GERMAN, Optional.empty(), 10).chinese()).isFalse();
    }

    @Test
    void rejects_a_blank_model_and_a_budget_below_one_token() {
        assertThatThrownBy(() -> request(Locale.ENGLISH, Optional.of(" "), 10)).hasMessageContaining("model");
        assertThatThrownBy(() -> request(Locale.ENGLISH, Optional.empty(), 0)).hasMessageContaining("max tokens");
    }

    @Test
    void rejects_a_prompt_without_a_task() {
        assertThatThrownBy(() -> new Prompt("system", "  ")).hasMessageContaining("user message");
    }

    @Test
    void estimates_about_four_characters_a_token_and_never_zero_for_text() {
        assertThat(TokenUsage.estimateTokens("")).isZero();
        assertThat(TokenUsage.estimateTokens("a")).isEqualTo(1);
        assertThat(TokenUsage.estimateTokens("abcdefgh")).isEqualTo(2);
        assertThat(TokenUsage.estimateTokens("abcdefghi")).isEqualTo(3);
    }
}
