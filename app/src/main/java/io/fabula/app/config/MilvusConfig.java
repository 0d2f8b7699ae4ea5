package io.fabula.app.config;

import io.dropwizard.util.Duration;
import io.dropwizard.validation.MinDuration;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.util.concurrent.TimeUnit;

/**
 * Milvus: the vector memory of the novels (SPEC §5).
 *
 * @param uri        {@code http://host:port} (or https)
 * @param token      {@code user:password} or an API key; empty when the server has no authentication
 * @param collection the collection holding every embedding ({@code novel_embeddings})
 * @param dimension  the embedding model's vector size (384 for the bundled local model)
 * @param timeout    bounds connecting and every request
 */
public record MilvusConfig(
        @NotBlank @Pattern(regexp = "https?://.+", message = "must be an http:// or https:// URI") String uri,
        @NotNull String token,
        @NotBlank @Pattern(regexp = "[A-Za-z_][A-Za-z0-9_]*", message = "must be a Milvus collection name") String collection,
        @NotNull @Min(1) @Max(32768) Integer dimension,
        @NotNull @MinDuration(value = 100, unit = TimeUnit.MILLISECONDS) Duration timeout) {
}
