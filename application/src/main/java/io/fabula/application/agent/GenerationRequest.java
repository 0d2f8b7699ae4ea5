package io.fabula.application.agent;

import io.fabula.application.orchestration.Capability;
import io.fabula.application.orchestration.TaskPurpose;
import io.fabula.domain.id.CorrelationId;
import io.fabula.domain.stage.Stage;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * What to generate: the rendered prompt (see {@link Prompts}) and what it is for.
 *
 * @param capability    the agent asking (its prompts, its metrics and its {@code agent_runs} rows)
 * @param purpose       why (generate, revise, review, ...)
 * @param stage         the stage of genesis the text belongs to
 * @param locale        the language to write in; English and Chinese are supported
 * @param seedIdea      the session's seed idea. Also inside the prompt; given on its own because the offline
 *                      generator derives a whole story from it, consistently across stages. Model adapters ignore it.
 * @param prompt        the system and user messages
 * @param model         the model to ask; empty: the adapter's configured model
 * @param maxTokens     the most tokens the answer may have (the provider stops there and the result says so)
 * @param correlationId the writer request this call serves, for logs and {@code agent_runs}
 */
public record GenerationRequest(
        Capability capability, TaskPurpose purpose, Stage stage, Locale locale, String seedIdea,
        Prompt prompt, Optional<String> model, int maxTokens, CorrelationId correlationId) {

    public GenerationRequest {
        Objects.requireNonNull(capability, "capability");
        Objects.requireNonNull(purpose, "purpose");
        Objects.requireNonNull(stage, "stage");
        Objects.requireNonNull(locale, "locale");
        Objects.requireNonNull(seedIdea, "seed idea");
        Objects.requireNonNull(prompt, "prompt");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(correlationId, "correlation id");
        if (model.isPresent() && model.get().isBlank()) {
            throw new IllegalArgumentException("model must not be blank; leave it empty for the configured one");
        }
        if (maxTokens < 1) {
            throw new IllegalArgumentException("max tokens must be at least 1: " + maxTokens);
        }
    }

    /** Whether the answer is to be written in Chinese (any {@code zh} locale); English otherwise. */
    public boolean chinese() {
        return "zh".equals(locale.getLanguage());
    }
}
