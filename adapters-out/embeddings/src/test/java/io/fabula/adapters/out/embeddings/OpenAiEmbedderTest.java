package io.fabula.adapters.out.embeddings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.fabula.application.memory.EmbeddingFailedException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Against a tiny local HTTP server that answers like {@code /v1/embeddings}. */
class OpenAiEmbedderTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private HttpServer server;
    private final AtomicReference<JsonNode> lastRequest = new AtomicReference<>();
    private final AtomicReference<String> lastAuthorization = new AtomicReference<>();
    private final AtomicInteger status = new AtomicInteger(200);
    private final AtomicReference<String> answer = new AtomicReference<>();

    @BeforeEach
    void start_a_fake_embeddings_server() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/v1/embeddings", exchange -> {
            lastRequest.set(JSON.readTree(exchange.getRequestBody()));
            lastAuthorization.set(exchange.getRequestHeaders().getFirst("Authorization"));
            byte[] body = answer.get().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(status.get(), body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private OpenAiEmbedder embedder(String key) {
        return new OpenAiEmbedder("http://127.0.0.1:" + server.getAddress().getPort() + "/", key,
                "text-embedding-3-small", 3, Duration.ofSeconds(5));
    }

    @Test
    void posts_model_and_inputs_and_returns_normalised_vectors_in_input_order() {
        // the server may answer out of order: the index decides
        answer.set("""
                {"object":"list","data":[
                  {"object":"embedding","index":1,"embedding":[0,3,4]},
                  {"object":"embedding","index":0,"embedding":[2,0,0]}],
                 "model":"text-embedding-3-small","usage":{"prompt_tokens":4,"total_tokens":4}}
                """);

        List<float[]> vectors = embedder("sk-test").embedAll(List.of("first", "second"));

        assertThat(vectors.get(0)).containsExactly(1f, 0f, 0f);
        assertThat(vectors.get(1)).containsExactly(0f, 0.6f, 0.8f);
        JsonNode request = lastRequest.get();
        assertThat(request.path("model").asText()).isEqualTo("text-embedding-3-small");
        assertThat(request.path("input")).extracting(JsonNode::asText).containsExactly("first", "second");
        assertThat(request.path("dimensions").asInt()).isEqualTo(3);
        assertThat(lastAuthorization.get()).isEqualTo("Bearer sk-test");
    }

    @Test
    void sends_no_authorization_header_without_a_key() {
        answer.set("{\"data\":[{\"index\":0,\"embedding\":[1,0,0]}]}");

        embedder("").embed("hello");

        assertThat(lastAuthorization.get()).isNull();
    }

    @Test
    void server_errors_and_rate_limits_are_transient() {
        answer.set("{\"error\":\"overloaded\"}");
        for (int code : new int[] {429, 500, 503}) {
            status.set(code);
            assertThatThrownBy(() -> embedder("").embed("x"))
                    .isInstanceOfSatisfying(EmbeddingFailedException.class, e -> assertThat(e.transientFailure()).isTrue());
        }
    }

    @Test
    void a_refused_request_is_not_transient() {
        status.set(400);
        answer.set("{\"error\":{\"message\":\"unknown model\"}}");

        assertThatThrownBy(() -> embedder("").embed("x"))
                .isInstanceOfSatisfying(EmbeddingFailedException.class, e -> {
                    assertThat(e.transientFailure()).isFalse();
                    assertThat(e).hasMessageContaining("unknown model");
                });
    }

    @Test
    void a_vector_of_the_wrong_dimension_is_refused_rather_than_stored() {
        answer.set("{\"data\":[{\"index\":0,\"embedding\":[1,0]}]}");

        assertThatThrownBy(() -> embedder("").embed("x"))
                .isInstanceOfSatisfying(EmbeddingFailedException.class, e -> assertThat(e.transientFailure()).isFalse());
    }

    @Test
    void an_unreachable_server_is_transient() {
        OpenAiEmbedder embedder = embedder("");
        server.stop(0);

        assertThatThrownBy(() -> embedder.embed("x"))
                .isInstanceOfSatisfying(EmbeddingFailedException.class, e -> assertThat(e.transientFailure()).isTrue());
    }
}
