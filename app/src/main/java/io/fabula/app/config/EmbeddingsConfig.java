package io.fabula.app.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.util.Duration;
import io.dropwizard.validation.MinDuration;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.util.concurrent.TimeUnit;

/**
 * The embedding model behind the story memory (the {@code Embedder} port, SPEC §5).
 *
 * @param provider  {@code onnx}: all-MiniLM-L6-v2 in-process, shipped in a Maven artifact (384 dimensions);
 *                  {@code openai}: any OpenAI-compatible {@code /embeddings} endpoint
 * @param baseUrl   openai only: the API root including its version
 * @param apiKey    openai only: the bearer token; never logged
 * @param model     openai only: the model asked for
 * @param dimension the vector size the model produces; must equal {@code milvus.dimension}
 * @param timeout   openai only: bounds one request
 */
public record EmbeddingsConfig(
        @NotNull Provider provider,
        @NotBlank @Pattern(regexp = "https?://.+", message = "must be an http:// or https:// URL") String baseUrl,
        @NotNull String apiKey,
        @NotBlank String model,
        @NotNull @Min(1) @Max(32768) Integer dimension,
        @NotNull @MinDuration(value = 100, unit = TimeUnit.MILLISECONDS) Duration timeout) {

    public enum Provider {
        @JsonProperty("onnx") ONNX,
        @JsonProperty("openai") OPENAI
    }

    @Override
    public String toString() {
        return "EmbeddingsConfig[provider=" + provider + ", baseUrl=" + baseUrl + ", apiKey="
                + (apiKey == null || apiKey.isBlank() ? "(none)" : "****") + ", model=" + model
                + ", dimension=" + dimension + ", timeout=" + timeout + "]";
    }
}
