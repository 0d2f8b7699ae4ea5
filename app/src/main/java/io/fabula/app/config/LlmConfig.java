package io.fabula.app.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.util.Duration;
import io.dropwizard.validation.MaxDuration;
import io.dropwizard.validation.MinDuration;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.util.concurrent.TimeUnit;

/**
 * The language model behind every agent (the {@code TextGenerator} port).
 *
 * @param provider       {@code openai}: any OpenAI-compatible {@code /chat/completions} endpoint (OpenAI, vLLM,
 *                       Ollama, llama.cpp server); {@code offline}: the deterministic generator, for dev and tests
 *                       only. Production's file fixes {@code openai} without a variable: with {@code LLM_ENABLED}
 *                       off, generation answers FeatureDisabled, it never falls back to offline (SPEC §8).
 * @param baseUrl        the API root including its version, e.g. {@code https://api.openai.com/v1}
 * @param apiKey         the bearer token; empty for local servers without one. Never logged.
 * @param model          the model agents ask for
 * @param maxTokens      the longest answer a call may produce
 * @param connectTimeout bounds connecting to the endpoint
 * @param readTimeout    bounds waiting for the first byte and every silence in the stream
 * @param tokenDelay     offline only: the pause between streamed tokens (dev: 10 ms, about a fast hosted model)
 */
public record LlmConfig(
        @NotNull Provider provider,
        @NotBlank @Pattern(regexp = "https?://.+", message = "must be an http:// or https:// URL") String baseUrl,
        @NotNull String apiKey,
        @NotBlank String model,
        @NotNull @Min(16) @Max(131072) Integer maxTokens,
        @NotNull @MinDuration(value = 100, unit = TimeUnit.MILLISECONDS) Duration connectTimeout,
        @NotNull @MinDuration(value = 100, unit = TimeUnit.MILLISECONDS) Duration readTimeout,
        @NotNull @MaxDuration(value = 1, unit = TimeUnit.SECONDS) Duration tokenDelay) {

    /** Which adapter implements the port. */
    public enum Provider {
        @JsonProperty("openai") OPENAI,
        @JsonProperty("offline") OFFLINE
    }

    /** Without the key: configuration ends up in logs. */
    @Override
    public String toString() {
        return "LlmConfig[provider=" + provider + ", baseUrl=" + baseUrl + ", apiKey="
                + (apiKey == null || apiKey.isBlank() ? "(none)" : "****") + ", model=" + model + ", maxTokens=" + maxTokens
                + ", connectTimeout=" + connectTimeout + ", readTimeout=" + readTimeout + ", tokenDelay=" + tokenDelay + "]";
    }
}
