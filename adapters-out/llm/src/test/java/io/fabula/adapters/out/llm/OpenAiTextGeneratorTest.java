package io.fabula.adapters.out.llm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabula.application.agent.GenerationRequest;
import io.fabula.application.agent.GenerationResult;
import io.fabula.application.agent.Prompt;
import io.fabula.application.orchestration.Capability;
import io.fabula.application.orchestration.TaskPurpose;
import io.fabula.domain.failure.Failure;
import io.fabula.domain.failure.FailureKind;
import io.fabula.domain.id.CorrelationId;
import io.fabula.domain.stage.Stage;
import io.fabula.testsupport.llm.FakeOpenAiServer;
import io.fabula.testsupport.llm.FakeOpenAiServer.Reply;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class OpenAiTextGeneratorTest {
    private static final Duration READ_TIMEOUT = Duration.ofMillis(500);

    private final FakeOpenAiServer server = FakeOpenAiServer.start();
    private final List<String> streamed = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() {
        server.close();
    }

    private OpenAiTextGenerator generator(String apiKey) {
        return new OpenAiTextGenerator(new OpenAiSettings(URI.create(server.baseUrl()), apiKey, "gpt-configured",
                Duration.ofSeconds(1), READ_TIMEOUT));
    }

    private static GenerationRequest request(Optional<String> model) {
        return new GenerationRequest(Capability.OUTLINE, TaskPurpose.GENERATE, Stage.CONCEPT, Locale.ENGLISH,
                "a lighthouse keeper", new Prompt("You are a novelist.", "Write a concept."), model, 256,
                new CorrelationId("req-42"));
    }

    private GenerationResult generate() {
        return generator("sk-test-secret").generate(request(Optional.empty()), streamed::add);
    }

    @Test
    void streams_every_delta_in_order_and_returns_the_whole_text_with_the_provider_s_usage() {
        server.enqueue(Reply.tokens("Once", " upon", " a", " time").withUsage(21, 4).withModel("gpt-4o-mini-2024"));

        GenerationResult result = generate();

        assertThat(streamed).containsExactly("Once", " upon", " a", " time");
        assertThat(result).isInstanceOfSatisfying(GenerationResult.Generated.class, generated -> {
            assertThat(generated.text()).isEqualTo("Once upon a time");
            assertThat(generated.truncated()).isFalse();
            assertThat(generated.usage().model()).isEqualTo("gpt-4o-mini-2024");
            assertThat(generated.usage().tokensIn()).isEqualTo(21);
            assertThat(generated.usage().tokensOut()).isEqualTo(4);
            assertThat(generated.usage().reported()).isTrue();
            assertThat(generated.usage().timeToFirstToken()).isPresent();
            assertThat(generated.usage().latency()).isGreaterThanOrEqualTo(generated.usage().timeToFirstToken().get());
        });
    }

    @Test
    void asks_for_a_stream_with_usage_the_model_the_token_limit_and_both_messages() throws Exception {
        server.enqueue(Reply.tokens("ok"));

        generator("sk-test-secret").generate(request(Optional.of("gpt-requested")), streamed::add);

        FakeOpenAiServer.RecordedRequest sent = server.requests().get(0);
        assertThat(sent.method()).isEqualTo("POST");
        assertThat(sent.path()).isEqualTo("/v1/chat/completions");
        assertThat(sent.headers()).containsEntry("Authorization", "Bearer sk-test-secret")
                .containsEntry("Accept", "text/event-stream").containsEntry("X-Request-Id", "req-42");
        JsonNode body = new ObjectMapper().readTree(sent.body());
        assertThat(body.path("model").asText()).isEqualTo("gpt-requested");
        assertThat(body.path("stream").asBoolean()).isTrue();
        assertThat(body.path("stream_options").path("include_usage").asBoolean()).isTrue();
        assertThat(body.path("max_tokens").asInt()).isEqualTo(256);
        assertThat(body.path("messages").get(0).path("role").asText()).isEqualTo("system");
        assertThat(body.path("messages").get(0).path("content").asText()).isEqualTo("You are a novelist.");
        assertThat(body.path("messages").get(1).path("role").asText()).isEqualTo("user");
        assertThat(body.path("messages").get(1).path("content").asText()).isEqualTo("Write a concept.");
    }

    @Test
    void uses_the_configured_model_when_the_request_names_none_and_sends_no_key_when_there_is_none() throws Exception {
        server.enqueue(Reply.tokens("ok"));

        generator("").generate(request(Optional.empty()), streamed::add);

        FakeOpenAiServer.RecordedRequest sent = server.requests().get(0);
        assertThat(sent.headers()).doesNotContainKey("Authorization");
        assertThat(new ObjectMapper().readTree(sent.body()).path("model").asText()).isEqualTo("gpt-configured");
    }

    @Test
    void keeps_multibyte_text_intact() {
        server.enqueue(Reply.tokens("灯塔", "守望者", "的故事"));

        GenerationResult result = generate();

        assertThat(result).isInstanceOfSatisfying(GenerationResult.Generated.class,
                generated -> assertThat(generated.text()).isEqualTo("灯塔守望者的故事"));
    }

    @Test
    void estimates_the_usage_when_the_stream_carries_none() {
        server.enqueue(Reply.tokens("a", "b", "c"));

        GenerationResult result = generate();

        assertThat(result.usage().reported()).isFalse();
        assertThat(result.usage().tokensOut()).isEqualTo(3);
        assertThat(result.usage().tokensIn()).isPositive();
        assertThat(result.usage().model()).isEqualTo("fake-gpt");
    }

    @Test
    void says_so_when_the_answer_stopped_at_the_token_limit() {
        server.enqueue(Reply.tokens("cut", " short").withFinishReason("length"));

        assertThat(generate()).isInstanceOfSatisfying(GenerationResult.Generated.class,
                generated -> assertThat(generated.truncated()).isTrue());
    }

    @Test
    void a_429_is_rate_limited_for_as_long_as_retry_after_says() {
        server.enqueue(Reply.status(429).withHeader("Retry-After", "7"));

        GenerationResult result = generate();

        assertThat(result).isInstanceOfSatisfying(GenerationResult.Failed.class, failed -> {
            assertThat(failed.failure()).isInstanceOfSatisfying(Failure.RateLimited.class, limited -> {
                assertThat(limited.retryAfter()).isEqualTo(Duration.ofSeconds(7));
                assertThat(limited.reason()).contains("429").contains("fake 429");
            });
            assertThat(failed.partialText()).isEmpty();
        });
        assertThat(streamed).isEmpty();
    }

    @Test
    void a_429_with_an_http_date_or_without_retry_after_still_waits() {
        String inAMinute = ZonedDateTime.now(java.time.ZoneOffset.UTC).plusSeconds(60).format(DateTimeFormatter.RFC_1123_DATE_TIME);
        server.enqueue(Reply.status(429).withHeader("Retry-After", inAMinute));
        server.enqueue(Reply.status(429));

        Failure dated = ((GenerationResult.Failed) generate()).failure();
        Failure bare = ((GenerationResult.Failed) generate()).failure();

        assertThat(((Failure.RateLimited) dated).retryAfter()).isBetween(Duration.ofSeconds(50), Duration.ofSeconds(60));
        assertThat(((Failure.RateLimited) bare).retryAfter()).isEqualTo(OpenAiTextGenerator.DEFAULT_RETRY_AFTER);
    }

    @ParameterizedTest
    @ValueSource(ints = {500, 502, 503, 504, 408})
    void a_server_error_is_transient(int status) {
        server.enqueue(Reply.status(status));

        assertThat(generate()).isInstanceOfSatisfying(GenerationResult.Failed.class, failed -> {
            assertThat(failed.failure().kind()).isEqualTo(FailureKind.TRANSIENT);
            assertThat(failed.failure().reason()).contains(String.valueOf(status));
        });
    }

    @ParameterizedTest
    @ValueSource(ints = {400, 401, 403, 404, 422})
    void any_other_client_error_is_not_retried(int status) {
        server.enqueue(Reply.status(status));

        assertThat(generate()).isInstanceOfSatisfying(GenerationResult.Failed.class, failed -> {
            assertThat(failed.failure().kind()).isEqualTo(FailureKind.VALIDATION);
            assertThat(failed.failure().retryable()).isFalse();
        });
    }

    @Test
    void an_endpoint_that_does_not_answer_in_time_is_transient_and_the_call_returns_soon_after_the_read_timeout() {
        server.enqueue(Reply.tokens("late").afterDelay(Duration.ofSeconds(3)));

        long start = System.nanoTime();
        GenerationResult result = generate();
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        assertThat(result).isInstanceOfSatisfying(GenerationResult.Failed.class,
                failed -> assertThat(failed.failure().kind()).isEqualTo(FailureKind.TRANSIENT));
        assertThat(took).isLessThan(Duration.ofMillis(2500));
    }

    @Test
    void a_stream_that_goes_silent_between_tokens_is_transient_and_keeps_what_came() {
        server.enqueue(Reply.tokens("first", " second").withTokenDelay(Duration.ofSeconds(3)));

        long start = System.nanoTime();
        GenerationResult result = generate();

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(2500));
        assertThat(result).isInstanceOfSatisfying(GenerationResult.Failed.class, failed -> {
            assertThat(failed.failure().kind()).isEqualTo(FailureKind.TRANSIENT);
            assertThat(failed.failure().reason()).contains("silent");
            assertThat(failed.partialText()).isEqualTo("first");
            assertThat(failed.usage().tokensOut()).isEqualTo(1);
        });
        assertThat(streamed).containsExactly("first");
    }

    @Test
    void a_slow_stream_within_the_read_timeout_completes() {
        server.enqueue(Reply.tokens("slow", " but", " steady").withTokenDelay(Duration.ofMillis(100)));

        assertThat(generate()).isInstanceOfSatisfying(GenerationResult.Generated.class,
                generated -> assertThat(generated.text()).isEqualTo("slow but steady"));
    }

    @Test
    void a_connection_dropped_mid_stream_is_transient_and_keeps_what_came() {
        server.enqueue(Reply.tokens("one", " two", " three", " four").cutAfter(2));

        GenerationResult result = generate();

        assertThat(result).isInstanceOfSatisfying(GenerationResult.Failed.class, failed -> {
            assertThat(failed.failure().kind()).isEqualTo(FailureKind.TRANSIENT);
            assertThat(failed.failure().reason()).contains("broke off");
            assertThat(failed.partialText()).isEqualTo("one two");
        });
        assertThat(streamed).containsExactly("one", " two");
    }

    @Test
    void a_stream_that_ends_without_done_or_a_finish_reason_is_transient() {
        server.enqueue(Reply.tokens("one", " two").withoutDone());

        assertThat(generate()).isInstanceOfSatisfying(GenerationResult.Failed.class, failed -> {
            assertThat(failed.failure().kind()).isEqualTo(FailureKind.TRANSIENT);
            assertThat(failed.failure().reason()).contains("ended before");
        });
    }

    @Test
    void an_error_chunk_or_an_unreadable_chunk_in_the_stream_is_transient() {
        server.enqueue(Reply.rawEvents("{\"error\":{\"message\":\"overloaded\",\"type\":\"server_error\"}}"));
        server.enqueue(Reply.rawEvents("{not json"));

        Failure reported = ((GenerationResult.Failed) generate()).failure();
        Failure unreadable = ((GenerationResult.Failed) generate()).failure();

        assertThat(reported.kind()).isEqualTo(FailureKind.TRANSIENT);
        assertThat(reported.reason()).contains("overloaded");
        assertThat(unreadable.kind()).isEqualTo(FailureKind.TRANSIENT);
    }

    @Test
    void a_refused_connection_is_transient() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        OpenAiTextGenerator nowhere = new OpenAiTextGenerator(new OpenAiSettings(
                URI.create("http://127.0.0.1:" + closedPort + "/v1"), "", "m", Duration.ofSeconds(1), READ_TIMEOUT));

        GenerationResult result = nowhere.generate(request(Optional.empty()), streamed::add);

        assertThat(result).isInstanceOfSatisfying(GenerationResult.Failed.class, failed -> {
            assertThat(failed.failure().kind()).isEqualTo(FailureKind.TRANSIENT);
            assertThat(failed.failure().reason()).contains("unreachable");
            assertThat(failed.usage().timeToFirstToken()).isEmpty();
        });
    }

    @Test
    void an_interrupt_ends_the_call_as_transient_and_keeps_the_interrupt() {
        server.enqueue(Reply.tokens("late").afterDelay(Duration.ofSeconds(2)));
        Thread.currentThread().interrupt();

        GenerationResult result = generate();

        assertThat(Thread.interrupted()).isTrue();
        assertThat(result).isInstanceOfSatisfying(GenerationResult.Failed.class,
                failed -> assertThat(failed.failure().kind()).isEqualTo(FailureKind.TRANSIENT));
    }

    @Test
    void one_generator_serves_concurrent_calls_each_with_its_own_stream() throws Exception {
        server.answerByDefault(Reply.tokens("a", "b", "c").withTokenDelay(Duration.ofMillis(20)).withUsage(3, 3));
        OpenAiTextGenerator shared = generator("");
        java.util.concurrent.ExecutorService workers = java.util.concurrent.Executors.newFixedThreadPool(8);
        try {
            List<java.util.concurrent.Future<GenerationResult>> calls = new java.util.ArrayList<>();
            for (int i = 0; i < 8; i++) {
                calls.add(workers.submit(() -> shared.generate(request(Optional.empty()), delta -> { })));
            }
            for (java.util.concurrent.Future<GenerationResult> call : calls) {
                assertThat(call.get()).isInstanceOfSatisfying(GenerationResult.Generated.class,
                        generated -> assertThat(generated.text()).isEqualTo("abc"));
            }
        } finally {
            workers.shutdownNow();
        }
        assertThat(server.requests()).hasSize(8);
    }

    @Test
    void the_settings_never_show_the_key() {
        OpenAiSettings settings = new OpenAiSettings(URI.create("https://api.openai.com/v1"), "sk-live-very-secret", "gpt-4o",
                Duration.ofSeconds(2), Duration.ofSeconds(30));

        assertThat(settings.toString()).doesNotContain("sk-live-very-secret").contains("****");
        assertThat(settings.chatCompletions()).isEqualTo(URI.create("https://api.openai.com/v1/chat/completions"));
    }
}
