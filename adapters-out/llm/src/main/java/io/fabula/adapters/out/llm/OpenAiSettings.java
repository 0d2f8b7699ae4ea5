package io.fabula.adapters.out.llm;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * Where the OpenAI-compatible endpoint is and how long to wait for it.
 *
 * @param baseUrl        the API root including the version, e.g. {@code https://api.openai.com/v1} or
 *                       {@code http://localhost:11434/v1} (Ollama); {@code /chat/completions} is appended
 * @param apiKey         sent as a bearer token; blank: no Authorization header (local servers). Never logged.
 * @param model          the model asked for when a request names none
 * @param connectTimeout bounds establishing the connection
 * @param readTimeout    bounds waiting for the response headers and every silence between two stream events
 */
public record OpenAiSettings(URI baseUrl, String apiKey, String model, Duration connectTimeout, Duration readTimeout) {

    public OpenAiSettings {
        Objects.requireNonNull(baseUrl, "base URL");
        Objects.requireNonNull(apiKey, "API key");
        Objects.requireNonNull(connectTimeout, "connect timeout");
        Objects.requireNonNull(readTimeout, "read timeout");
        if (!"http".equals(baseUrl.getScheme()) && !"https".equals(baseUrl.getScheme())) {
            throw new IllegalArgumentException("the base URL must be http or https: " + baseUrl);
        }
        if (model == null || model.isBlank()) {
            throw new IllegalArgumentException("a default model is required");
        }
        if (connectTimeout.isNegative() || connectTimeout.isZero() || readTimeout.isNegative() || readTimeout.isZero()) {
            throw new IllegalArgumentException("timeouts must be positive");
        }
    }

    URI chatCompletions() {
        String root = baseUrl.toString();
        return URI.create((root.endsWith("/") ? root.substring(0, root.length() - 1) : root) + "/chat/completions");
    }

    /** Without the key: settings end up in logs and exception messages. */
    @Override
    public String toString() {
        return "OpenAiSettings[baseUrl=" + baseUrl + ", apiKey=" + (apiKey.isBlank() ? "(none)" : "****")
                + ", model=" + model + ", connectTimeout=" + connectTimeout + ", readTimeout=" + readTimeout + "]";
    }
}
