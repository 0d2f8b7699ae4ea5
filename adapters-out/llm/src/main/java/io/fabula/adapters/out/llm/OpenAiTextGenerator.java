package io.fabula.adapters.out.llm;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabula.application.agent.GenerationRequest;
import io.fabula.application.agent.GenerationResult;
import io.fabula.application.agent.TextGenerator;
import io.fabula.application.agent.TokenListener;
import io.fabula.application.agent.TokenUsage;
import io.fabula.domain.failure.Failure;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@link TextGenerator} over an OpenAI-compatible {@code POST /chat/completions} with {@code stream: true}
 * (OpenAI, vLLM, Ollama, llama.cpp server), on the JDK's HTTP client.
 *
 * <p>The answer is read as server-sent events: each {@code data:} line is a JSON chunk whose
 * {@code choices[0].delta.content} is forwarded to the listener at once; {@code stream_options.include_usage}
 * asks for a last chunk with the token counts; {@code data: [DONE]} ends it. A stream that ends without
 * {@code [DONE]} or a finish reason was cut and is a Transient failure, whatever came before.
 *
 * <p>Classification (SPEC §2): 429 → RateLimited with the Retry-After (seconds or HTTP date; 2 s when absent);
 * 408, 5xx, connect and read timeouts, refused or dropped connections, unreadable chunks and error chunks in
 * the stream → Transient; every other status → Validation (the request itself is wrong: model, key, prompt
 * size; sending it again cannot help). A 401 from the provider is deliberately not {@code Unauthorized}: that
 * kind means the writer is not logged in, and this is Fabula's configuration.
 */
public final class OpenAiTextGenerator implements TextGenerator {
    static final Duration DEFAULT_RETRY_AFTER = Duration.ofSeconds(2);
    private static final int ERROR_BODY_LIMIT = 300;

    private final OpenAiSettings settings;
    private final HttpClient http;
    private final ObjectMapper json = new ObjectMapper();

    public OpenAiTextGenerator(OpenAiSettings settings) {
        this.settings = settings;
        // HTTP/1.1: on plain http the JDK would otherwise try an h2c upgrade, which local servers handle poorly
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(settings.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    @Override
    public GenerationResult generate(GenerationRequest request, TokenListener tokens) {
        Call call = new Call(request, request.model().orElse(settings.model()));
        BlockingQueue<Signal> signals = new LinkedBlockingQueue<>();
        AtomicReference<Flow.Subscription> subscription = new AtomicReference<>();
        CompletableFuture<HttpResponse<Void>> response;
        try {
            response = http.sendAsync(httpRequest(request, call.model), info -> {
                signals.add(new Signal.Headers(info.statusCode(), info.headers()));
                return HttpResponse.BodySubscribers.fromLineSubscriber(
                        new LineSink(signals, subscription), sink -> null, StandardCharsets.UTF_8, null);
            });
        } catch (RuntimeException e) {
            return call.failed(new Failure.Transient("cannot send to the LLM endpoint: " + describe(e)));
        }
        response.whenComplete((ignored, error) -> {
            if (error != null) {
                signals.add(new Signal.Broken(error));
            }
        });
        try {
            return read(call, signals, tokens);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return call.failed(new Failure.Transient("interrupted while waiting for the LLM endpoint"));
        } finally {
            // a no-op after a complete stream; otherwise it drops the connection instead of reading on
            Flow.Subscription active = subscription.get();
            if (active != null) {
                active.cancel();
            }
            response.cancel(true);
        }
    }

    private HttpRequest httpRequest(GenerationRequest request, String model) {
        ObjectNode body = json.createObjectNode();
        body.put("model", model);
        body.put("stream", true);
        body.putObject("stream_options").put("include_usage", true);
        body.put("max_tokens", request.maxTokens());
        ArrayNode messages = body.putArray("messages");
        if (!request.prompt().system().isBlank()) {
            messages.addObject().put("role", "system").put("content", request.prompt().system());
        }
        messages.addObject().put("role", "user").put("content", request.prompt().user());
        HttpRequest.Builder builder = HttpRequest.newBuilder(settings.chatCompletions())
                .timeout(settings.readTimeout())
                .header("Content-Type", "application/json")
                .header("Accept", "text/event-stream")
                .header("X-Request-Id", request.correlationId().value())
                .POST(HttpRequest.BodyPublishers.ofString(body.toString(), StandardCharsets.UTF_8));
        if (!settings.apiKey().isBlank()) {
            builder.header("Authorization", "Bearer " + settings.apiKey());
        }
        return builder.build();
    }

    private GenerationResult read(Call call, BlockingQueue<Signal> signals, TokenListener tokens) throws InterruptedException {
        Signal first = next(signals);
        if (first == null) {
            return call.failed(new Failure.Transient("the LLM endpoint did not answer within " + settings.readTimeout()));
        }
        if (first instanceof Signal.Broken broken) {
            return call.failed(new Failure.Transient("LLM endpoint unreachable: " + describe(broken.error())));
        }
        Signal.Headers headers = (Signal.Headers) first;
        if (headers.status() != 200) {
            return call.failed(classifyStatus(headers, errorBody(signals)));
        }
        StringBuilder data = new StringBuilder();
        while (true) {
            Signal signal = next(signals);
            if (signal == null) {
                return call.failed(new Failure.Transient("the LLM stream went silent for " + settings.readTimeout()));
            }
            if (signal instanceof Signal.Broken broken) {
                return call.failed(new Failure.Transient("the LLM stream broke off: " + describe(broken.error())));
            }
            if (signal instanceof Signal.End) {
                return call.finishReason != null
                        ? call.generated() // some servers end after the finish reason without [DONE]
                        : call.failed(new Failure.Transient("the LLM stream ended before the answer was complete"));
            }
            String line = ((Signal.Line) signal).text();
            if (line.isEmpty()) { // end of one event
                if (data.length() > 0) {
                    String event = data.toString();
                    data.setLength(0);
                    if ("[DONE]".equals(event)) {
                        return call.generated();
                    }
                    Optional<Failure> failure = call.accept(event, json, tokens);
                    if (failure.isPresent()) {
                        return call.failed(failure.get());
                    }
                }
            } else if (line.startsWith("data:")) {
                if (data.length() > 0) {
                    data.append('\n');
                }
                data.append(line.startsWith("data: ") ? line.substring(6) : line.substring(5));
            }
            // comments (": keep-alive"), event:, id: and retry: lines carry nothing for us
        }
    }

    private Signal next(BlockingQueue<Signal> signals) throws InterruptedException {
        return signals.poll(settings.readTimeout().toMillis(), TimeUnit.MILLISECONDS);
    }

    private String errorBody(BlockingQueue<Signal> signals) throws InterruptedException {
        StringBuilder body = new StringBuilder();
        while (body.length() < 4096) {
            Signal signal = next(signals);
            if (!(signal instanceof Signal.Line line)) {
                break;
            }
            body.append(line.text()).append('\n');
        }
        String text = body.toString().strip();
        try {
            JsonNode message = json.readTree(text).path("error").path("message");
            if (message.isTextual()) {
                text = message.asText();
            }
        } catch (JsonProcessingException e) {
            // not JSON: keep the raw text
        }
        text = text.replaceAll("\\s+", " ");
        return text.length() > ERROR_BODY_LIMIT ? text.substring(0, ERROR_BODY_LIMIT) + "…" : text;
    }

    static Failure classifyStatus(Signal.Headers headers, String body) {
        int status = headers.status();
        String reason = "LLM endpoint answered " + status + (body.isEmpty() ? "" : ": " + body);
        if (status == 429) {
            return new Failure.RateLimited(reason, retryAfter(headers.headers()));
        }
        if (status == 408 || status >= 500) {
            return new Failure.Transient(reason);
        }
        return Failure.Validation.of(reason);
    }

    /** Retry-After as delta-seconds or as an HTTP date; {@link #DEFAULT_RETRY_AFTER} when absent or unreadable. */
    static Duration retryAfter(HttpHeaders headers) {
        Optional<String> value = headers.firstValue("Retry-After").map(String::strip);
        if (value.isEmpty()) {
            return DEFAULT_RETRY_AFTER;
        }
        try {
            return Duration.ofSeconds(Math.max(0, Long.parseLong(value.get())));
        } catch (NumberFormatException notSeconds) {
            try {
                ZonedDateTime at = ZonedDateTime.parse(value.get(), DateTimeFormatter.RFC_1123_DATE_TIME);
                Duration left = Duration.between(java.time.Instant.now(), at.toInstant());
                return left.isNegative() ? Duration.ZERO : left;
            } catch (DateTimeParseException notADate) {
                return DEFAULT_RETRY_AFTER;
            }
        }
    }

    private static String describe(Throwable error) {
        Throwable root = error;
        while ((root instanceof java.util.concurrent.CompletionException || root instanceof java.util.concurrent.ExecutionException)
                && root.getCause() != null) {
            root = root.getCause();
        }
        String message = root.getMessage();
        Throwable cause = root.getCause();
        String text = root.getClass().getSimpleName() + (message == null || message.isBlank() ? "" : ": " + message.strip());
        if (cause != null && cause.getMessage() != null && !text.contains(cause.getMessage())) {
            text += " (cause: " + cause.getClass().getSimpleName() + ": " + cause.getMessage().strip() + ")";
        }
        return text;
    }

    /** What the HTTP client tells the reading thread, in order. */
    sealed interface Signal {
        record Headers(int status, HttpHeaders headers) implements Signal {
        }

        record Line(String text) implements Signal {
        }

        record End() implements Signal {
        }

        record Broken(Throwable error) implements Signal {
        }
    }

    /** Hands the body's lines to the reading thread; the reading thread does all the work. */
    private static final class LineSink implements Flow.Subscriber<String> {
        private final BlockingQueue<Signal> signals;
        private final AtomicReference<Flow.Subscription> subscription;

        LineSink(BlockingQueue<Signal> signals, AtomicReference<Flow.Subscription> subscription) {
            this.signals = signals;
            this.subscription = subscription;
        }

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            this.subscription.set(subscription);
            subscription.request(Long.MAX_VALUE); // an answer is a few thousand lines at most
        }

        @Override
        public void onNext(String line) {
            signals.add(new Signal.Line(line));
        }

        @Override
        public void onError(Throwable error) {
            signals.add(new Signal.Broken(error));
        }

        @Override
        public void onComplete() {
            signals.add(new Signal.End());
        }
    }

    /** The state of one call while its stream is read. */
    private static final class Call {
        private final GenerationRequest request;
        private final long startNanos = System.nanoTime();
        private final StringBuilder text = new StringBuilder();
        private String model;
        private long firstTokenNanos = -1;
        private int deltas;
        private Integer promptTokens;
        private Integer completionTokens;
        private String finishReason;

        Call(GenerationRequest request, String model) {
            this.request = request;
            this.model = model;
        }

        /** Takes one chunk; a failure when the chunk is unreadable or reports an error. */
        Optional<Failure> accept(String event, ObjectMapper json, TokenListener tokens) {
            JsonNode chunk;
            try {
                chunk = json.readTree(event);
            } catch (JsonProcessingException e) {
                return Optional.of(new Failure.Transient("unreadable chunk in the LLM stream"));
            }
            if (chunk.hasNonNull("error")) {
                JsonNode message = chunk.path("error").path("message");
                return Optional.of(new Failure.Transient("the LLM stream reported an error"
                        + (message.isTextual() ? ": " + message.asText() : "")));
            }
            if (chunk.path("model").isTextual() && !chunk.path("model").asText().isBlank()) {
                model = chunk.path("model").asText();
            }
            JsonNode choice = chunk.path("choices").path(0);
            String delta = choice.path("delta").path("content").asText("");
            if (!delta.isEmpty()) {
                if (firstTokenNanos < 0) {
                    firstTokenNanos = System.nanoTime();
                }
                deltas++;
                text.append(delta);
                tokens.onToken(delta);
            }
            if (choice.path("finish_reason").isTextual()) {
                finishReason = choice.path("finish_reason").asText();
            }
            JsonNode usage = chunk.path("usage");
            if (usage.isObject()) {
                promptTokens = usage.path("prompt_tokens").isInt() ? usage.path("prompt_tokens").asInt() : promptTokens;
                completionTokens = usage.path("completion_tokens").isInt() ? usage.path("completion_tokens").asInt() : completionTokens;
            }
            return Optional.empty();
        }

        GenerationResult generated() {
            return new GenerationResult.Generated(text.toString(), usage(), "length".equals(finishReason));
        }

        GenerationResult failed(Failure failure) {
            return new GenerationResult.Failed(failure, text.toString(), usage());
        }

        private TokenUsage usage() {
            long now = System.nanoTime();
            boolean reported = promptTokens != null && completionTokens != null;
            return new TokenUsage(model,
                    reported ? promptTokens : TokenUsage.estimateTokens(request.prompt().system() + request.prompt().user()),
                    reported ? completionTokens : deltas,
                    reported,
                    Duration.ofNanos(now - startNanos),
                    firstTokenNanos < 0 ? Optional.empty() : Optional.of(Duration.ofNanos(firstTokenNanos - startNanos)));
        }
    }
}
