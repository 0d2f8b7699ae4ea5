package io.fabula.adapters.out.embeddings;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabula.application.memory.Embedder;
import io.fabula.application.memory.EmbeddingFailedException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The alternative {@link Embedder}: any server that speaks OpenAI's {@code POST /v1/embeddings}
 * (OpenAI, vLLM, Ollama, LocalAI, ...), over the JDK's HTTP client.
 *
 * <p>Failures: connection errors, timeouts, 429 and 5xx are transient; other 4xx and malformed answers
 * are not. The answer's vectors are put back in input order by their {@code index}, and each is checked
 * against the configured dimension, because a misconfigured model would otherwise poison the collection.
 */
public final class OpenAiEmbedder implements Embedder {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http;
    private final URI endpoint;
    private final String apiKey;
    private final String model;
    private final int dimension;
    private final Duration timeout;

    /**
     * @param baseUrl   e.g. {@code https://api.openai.com} or {@code http://127.0.0.1:11434}; {@code /v1/embeddings} is appended
     * @param apiKey    sent as a bearer token; blank for servers without authentication
     * @param dimension the dimension the model returns (sent as {@code dimensions} so models that can shorten do)
     */
    public OpenAiEmbedder(String baseUrl, String apiKey, String model, int dimension, Duration timeout) {
        Objects.requireNonNull(baseUrl, "base url");
        this.endpoint = URI.create(baseUrl.replaceAll("/+$", "") + "/v1/embeddings");
        this.apiKey = apiKey == null ? "" : apiKey;
        this.model = Objects.requireNonNull(model, "model");
        if (dimension < 1) {
            throw new IllegalArgumentException("dimension must be positive: " + dimension);
        }
        this.dimension = dimension;
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
    }

    @Override
    public int dimension() {
        return dimension;
    }

    @Override
    public String model() {
        return model;
    }

    @Override
    public List<float[]> embedAll(List<String> texts) {
        ObjectNode body = JSON.createObjectNode();
        body.put("model", model);
        ArrayNode input = body.putArray("input");
        texts.forEach(text -> input.add(Vectors.requireText(text)));
        body.put("dimensions", dimension);
        body.put("encoding_format", "float");

        HttpRequest.Builder request = HttpRequest.newBuilder(endpoint)
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString()));
        if (!apiKey.isBlank()) {
            request.header("Authorization", "Bearer " + apiKey);
        }
        HttpResponse<String> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new EmbeddingFailedException("embedding endpoint unreachable: " + e, true, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EmbeddingFailedException("interrupted while embedding", true, e);
        }
        int status = response.statusCode();
        if (status == 429 || status >= 500) {
            throw new EmbeddingFailedException("embedding endpoint answered " + status, true, null);
        }
        if (status != 200) {
            throw new EmbeddingFailedException("embedding endpoint refused the request: " + status + " " + abbreviate(response.body()), false, null);
        }
        return vectors(response.body(), texts.size());
    }

    private List<float[]> vectors(String body, int expected) {
        try {
            JsonNode data = JSON.readTree(body).path("data");
            if (!data.isArray() || data.size() != expected) {
                throw new EmbeddingFailedException("expected " + expected + " embeddings, got " + abbreviate(body), false, null);
            }
            float[][] ordered = new float[expected][];
            for (JsonNode item : data) {
                int index = item.path("index").asInt(-1);
                JsonNode values = item.path("embedding");
                if (index < 0 || index >= expected || ordered[index] != null || !values.isArray()) {
                    throw new EmbeddingFailedException("malformed embedding item: " + abbreviate(item.toString()), false, null);
                }
                float[] vector = new float[values.size()];
                for (int i = 0; i < vector.length; i++) {
                    vector[i] = (float) values.get(i).asDouble();
                }
                ordered[index] = Vectors.normalised(vector, dimension);
            }
            return new ArrayList<>(List.of(ordered));
        } catch (IOException | IllegalStateException e) {
            throw new EmbeddingFailedException("unreadable embedding answer: " + e.getMessage(), false, e);
        }
    }

    private static String abbreviate(String text) {
        return text.length() <= 200 ? text : text.substring(0, 200) + "...";
    }
}
