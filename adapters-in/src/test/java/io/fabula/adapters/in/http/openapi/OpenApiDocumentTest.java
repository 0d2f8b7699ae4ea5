package io.fabula.adapters.in.http.openapi;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabula.adapters.in.http.auth.AuthResource;
import io.fabula.adapters.in.http.session.SessionsResource;
import io.swagger.v3.core.util.Json31;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class OpenApiDocumentTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode document() throws Exception {
        String json = Json31.mapper().writeValueAsString(OpenApiResource.build(
                Set.of(AuthResource.class, SessionsResource.class), "test"));
        Files.createDirectories(Path.of("target"));
        Files.writeString(Path.of("target/openapi-test.json"), json);
        return JSON.readTree(json);
    }

    @Test
    void the_document_is_openapi_3_1_with_every_error_answer_a_problem() throws Exception {
        JsonNode doc = document();

        assertThat(doc.get("openapi").asText()).startsWith("3.1");
        List<String> missing = new ArrayList<>();
        doc.get("paths").fields().forEachRemaining(path -> path.getValue().fields().forEachRemaining(op -> {
            JsonNode responses = op.getValue().get("responses");
            assertThat(responses.has("default")).as(path.getKey()).isTrue();
            responses.fields().forEachRemaining(response -> {
                if (!response.getKey().startsWith("2") && !response.getValue().at("/content/application~1problem+json")
                        .has("schema")) {
                    missing.add(op.getKey() + " " + path.getKey() + " " + response.getKey());
                }
            });
        }));
        assertThat(missing).isEmpty();
    }

    @Test
    void only_methods_that_take_a_caller_require_the_bearer_token() throws Exception {
        JsonNode doc = document();

        assertThat(doc.at("/paths/~1api~1v1~1auth~1login/post/security").isMissingNode()).isTrue();
        assertThat(doc.at("/paths/~1api~1v1~1auth~1register/post/security").isMissingNode()).isTrue();
        assertThat(doc.at("/paths/~1api~1v1~1auth~1logout/post/security/0/bearer").isArray()).isTrue();
        assertThat(doc.at("/paths/~1api~1v1~1genesis~1sessions~1{sessionId}~1bible/get/security/0/bearer").isArray()).isTrue();
        assertThat(doc.at("/paths/~1api~1v1~1genesis~1sessions~1{sessionId}~1bible/get/responses/401").isMissingNode()).isFalse();
    }

    @Test
    void request_bodies_and_headers_are_described_with_their_constraints() throws Exception {
        JsonNode doc = document();

        JsonNode commands = doc.at("/paths/~1api~1v1~1genesis~1sessions~1{sessionId}~1commands/post");
        List<String> headers = new ArrayList<>();
        commands.get("parameters").forEach(p -> headers.add(p.get("name").asText() + ":" + p.get("required").asBoolean(false)));
        assertThat(headers).contains("Idempotency-Key:true", "If-Match:true");
        assertThat(doc.at("/components/schemas/RegisterRequest/required").toString()).contains("email", "password",
                "display_name");
        assertThat(doc.at("/components/schemas/Problem/properties/type").isMissingNode()).isFalse();
    }
}
