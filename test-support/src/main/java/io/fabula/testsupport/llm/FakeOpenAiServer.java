package io.fabula.testsupport.llm;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A local OpenAI-compatible chat completions endpoint ({@code POST /v1/chat/completions}) that speaks the
 * streaming wire format (server-sent events: {@code data: {chunk}} lines, a usage chunk when asked for with
 * {@code stream_options.include_usage}, then {@code data: [DONE]}) and misbehaves on demand: slowly, with a
 * status (429 + Retry-After, 500, ...), or by dropping the connection in the middle of the stream.
 *
 * <pre>{@code
 * try (FakeOpenAiServer server = FakeOpenAiServer.start()) {
 *     server.enqueue(Reply.tokens("Hello", ", world").withUsage(12, 2));
 *     server.enqueue(Reply.status(429).withHeader("Retry-After", "7"));
 *     generator = new OpenAiTextGenerator(server.baseUrl(), ...);
 * }
 * }</pre>
 *
 * Replies are used in order, one per request; when the queue is empty the {@linkplain #answerByDefault default}
 * answers (a two-token stream unless changed). Every request is recorded ({@link #requests()}).
 * JDK only ({@code com.sun.net.httpserver}), on a free loopback port.
 */
public final class FakeOpenAiServer implements AutoCloseable {

    private final HttpServer server;
    private final ExecutorService handlers;
    private final ConcurrentLinkedQueue<Reply> replies = new ConcurrentLinkedQueue<>();
    private final List<RecordedRequest> requests = new CopyOnWriteArrayList<>();
    private volatile Reply defaultReply = Reply.tokens("Hello", " there").withUsage(5, 2);

    private FakeOpenAiServer(HttpServer server, ExecutorService handlers) {
        this.server = server;
        this.handlers = handlers;
    }

    public static FakeOpenAiServer start() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            ExecutorService handlers = Executors.newCachedThreadPool(runnable -> {
                Thread thread = new Thread(runnable, "fake-openai");
                thread.setDaemon(true);
                return thread;
            });
            FakeOpenAiServer fake = new FakeOpenAiServer(server, handlers);
            server.createContext("/v1/chat/completions", fake::handle);
            server.setExecutor(handlers);
            server.start();
            return fake;
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the fake OpenAI server", e);
        }
    }

    /** The base URL clients are configured with, e.g. {@code http://127.0.0.1:41234/v1}. */
    public String baseUrl() {
        return "http://" + server.getAddress().getHostString() + ":" + server.getAddress().getPort() + "/v1";
    }

    /** Answers the next request with {@code reply} (after those enqueued before it). */
    public FakeOpenAiServer enqueue(Reply reply) {
        replies.add(Objects.requireNonNull(reply, "reply"));
        return this;
    }

    /** Answers every request with {@code reply} once the queue is empty (e.g. a failing mode for a chaos drill). */
    public FakeOpenAiServer answerByDefault(Reply reply) {
        defaultReply = Objects.requireNonNull(reply, "reply");
        return this;
    }

    /** Every request received so far, in order of arrival. */
    public List<RecordedRequest> requests() {
        return List.copyOf(requests);
    }

    @Override
    public void close() {
        server.stop(0);
        handlers.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange; InputStream in = exchange.getRequestBody()) {
            String body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            exchange.getRequestHeaders().forEach((name, values) -> headers.put(name, String.join(",", values)));
            requests.add(new RecordedRequest(exchange.getRequestMethod(), exchange.getRequestURI().getPath(), headers, body));

            Reply reply = replies.poll();
            if (reply == null) {
                reply = defaultReply;
            }
            pause(reply.headerDelay());
            if (!"POST".equals(exchange.getRequestMethod())) {
                sendPlain(exchange, 405, "{\"error\":{\"message\":\"method not allowed\",\"type\":\"invalid_request_error\"}}");
            } else if (reply.status() != 200) {
                reply.headers().forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
                sendPlain(exchange, reply.status(), reply.errorBody());
            } else {
                stream(exchange, reply, body.contains("\"include_usage\":true") || body.contains("\"include_usage\" : true"));
            }
        } catch (IOException | RuntimeException e) {
            // the client went away (a timeout test) or the stream was cut on purpose: nothing to answer
        }
    }

    private static void sendPlain(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            exchange.getResponseBody().write(bytes);
        }
    }

    private static void stream(HttpExchange exchange, Reply reply, boolean includeUsage) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
        exchange.getResponseHeaders().set("Cache-Control", "no-cache");
        reply.headers().forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
        List<String> events = reply.events(includeUsage);
        int cutAfter = reply.cutAfterTokens();
        if (cutAfter >= 0) {
            // announce far more bytes than will come, then close: the client sees the connection drop mid-body
            exchange.sendResponseHeaders(200, 1 << 20);
        } else {
            exchange.sendResponseHeaders(200, 0); // chunked
        }
        OutputStream out = exchange.getResponseBody();
        int tokensSent = 0;
        for (String event : events) {
            boolean isToken = event.contains("\"delta\":{\"content\"");
            if (isToken) {
                if (cutAfter >= 0 && tokensSent == cutAfter) {
                    break;
                }
                if (tokensSent > 0) {
                    pause(reply.tokenDelay());
                }
                tokensSent++;
            }
            out.write(("data: " + event + "\n\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
        }
        if (cutAfter >= 0) {
            exchange.close(); // fewer bytes than announced: the server drops the connection
        }
    }

    private static void pause(Duration delay) {
        if (delay.isZero()) {
            return;
        }
        try {
            Thread.sleep(delay.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** One request as the server saw it. Header names are case-insensitive. */
    public record RecordedRequest(String method, String path, Map<String, String> headers, String body) {
        public RecordedRequest {
            headers = java.util.Collections.unmodifiableMap(headers);
        }
    }

    /**
     * How to answer one request.
     *
     * @param cutAfterTokens drop the connection after this many token chunks; negative: never
     * @param omitDone       end the stream cleanly but without {@code data: [DONE]}
     * @param rawEvents      {@code data:} payloads to send verbatim instead of tokens (for malformed streams)
     */
    public record Reply(
            int status, Map<String, String> headers, String errorBody, List<String> tokens, String model,
            Integer promptTokens, Integer completionTokens, String finishReason,
            Duration headerDelay, Duration tokenDelay, int cutAfterTokens, boolean omitDone, List<String> rawEvents) {

        public Reply {
            headers = Map.copyOf(headers);
            tokens = List.copyOf(tokens);
            rawEvents = List.copyOf(rawEvents);
        }

        /** A 200 stream of these deltas, {@code finish_reason: stop}, no usage unless {@link #withUsage}. */
        public static Reply tokens(String... tokens) {
            return new Reply(200, Map.of(), "", List.of(tokens), "fake-gpt", null, null, "stop",
                    Duration.ZERO, Duration.ZERO, -1, false, List.of());
        }

        /** An error status with an OpenAI-style error body. */
        public static Reply status(int status) {
            String type = status == 429 ? "rate_limit_exceeded" : status >= 500 ? "server_error" : "invalid_request_error";
            return new Reply(status, Map.of(), "{\"error\":{\"message\":\"fake " + status + "\",\"type\":\"" + type + "\"}}",
                    List.of(), "fake-gpt", null, null, "stop", Duration.ZERO, Duration.ZERO, -1, false, List.of());
        }

        /** A 200 stream of these {@code data:} payloads verbatim, then {@code [DONE]}. */
        public static Reply rawEvents(String... payloads) {
            return new Reply(200, Map.of(), "", List.of(), "fake-gpt", null, null, "stop",
                    Duration.ZERO, Duration.ZERO, -1, false, List.of(payloads));
        }

        public Reply withHeader(String name, String value) {
            Map<String, String> more = new TreeMap<>(headers);
            more.put(name, value);
            return new Reply(status, more, errorBody, tokens, model, promptTokens, completionTokens, finishReason,
                    headerDelay, tokenDelay, cutAfterTokens, omitDone, rawEvents);
        }

        /** The usage chunk sent when the client asked for it ({@code stream_options.include_usage}). */
        public Reply withUsage(int prompt, int completion) {
            return new Reply(status, headers, errorBody, tokens, model, prompt, completion, finishReason,
                    headerDelay, tokenDelay, cutAfterTokens, omitDone, rawEvents);
        }

        public Reply withModel(String name) {
            return new Reply(status, headers, errorBody, tokens, name, promptTokens, completionTokens, finishReason,
                    headerDelay, tokenDelay, cutAfterTokens, omitDone, rawEvents);
        }

        public Reply withFinishReason(String reason) {
            return new Reply(status, headers, errorBody, tokens, model, promptTokens, completionTokens, reason,
                    headerDelay, tokenDelay, cutAfterTokens, omitDone, rawEvents);
        }

        /** Waits this long before answering at all (status line and headers). */
        public Reply afterDelay(Duration delay) {
            return new Reply(status, headers, errorBody, tokens, model, promptTokens, completionTokens, finishReason,
                    delay, tokenDelay, cutAfterTokens, omitDone, rawEvents);
        }

        /** Waits this long between two token chunks. */
        public Reply withTokenDelay(Duration delay) {
            return new Reply(status, headers, errorBody, tokens, model, promptTokens, completionTokens, finishReason,
                    headerDelay, delay, cutAfterTokens, omitDone, rawEvents);
        }

        /** Drops the connection after {@code count} token chunks, without a finish reason or {@code [DONE]}. */
        public Reply cutAfter(int count) {
            return new Reply(status, headers, errorBody, tokens, model, promptTokens, completionTokens, finishReason,
                    headerDelay, tokenDelay, count, omitDone, rawEvents);
        }

        /** Ends the body cleanly after the last token but never sends the finish reason, usage or {@code [DONE]}. */
        public Reply withoutDone() {
            return new Reply(status, headers, errorBody, tokens, model, promptTokens, completionTokens, finishReason,
                    headerDelay, tokenDelay, cutAfterTokens, true, rawEvents);
        }

        List<String> events(boolean includeUsage) {
            List<String> events = new ArrayList<>();
            if (!rawEvents.isEmpty()) {
                events.addAll(rawEvents);
                events.add("[DONE]");
                return events;
            }
            String id = "chatcmpl-fake";
            String head = "{\"id\":\"" + id + "\",\"object\":\"chat.completion.chunk\",\"created\":1700000000,\"model\":\""
                    + json(model) + "\",";
            String noUsage = includeUsage ? ",\"usage\":null" : "";
            events.add(head + "\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"},\"finish_reason\":null}]"
                    + noUsage + "}");
            for (String token : tokens) {
                events.add(head + "\"choices\":[{\"index\":0,\"delta\":{\"content\":\"" + json(token) + "\"},\"finish_reason\":null}]"
                        + noUsage + "}");
            }
            if (omitDone) {
                return events;
            }
            events.add(head + "\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"" + json(finishReason) + "\"}]"
                    + noUsage + "}");
            if (includeUsage && promptTokens != null) {
                events.add(head + "\"choices\":[],\"usage\":{\"prompt_tokens\":" + promptTokens + ",\"completion_tokens\":"
                        + completionTokens + ",\"total_tokens\":" + (promptTokens + completionTokens) + "}}");
            }
            events.add("[DONE]");
            return events;
        }

        private static String json(String text) {
            StringBuilder out = new StringBuilder(text.length() + 8);
            for (char c : text.toCharArray()) {
                switch (c) {
                    case '"' -> out.append("\\\"");
                    case '\\' -> out.append("\\\\");
                    case '\n' -> out.append("\\n");
                    case '\r' -> out.append("\\r");
                    case '\t' -> out.append("\\t");
                    default -> {
                        if (c < 0x20) {
                            out.append(String.format("\\u%04x", (int) c));
                        } else {
                            out.append(c);
                        }
                    }
                }
            }
            return out.toString();
        }
    }
}
