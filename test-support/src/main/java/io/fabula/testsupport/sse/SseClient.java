package io.fabula.testsupport.sse;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

/**
 * A Server-Sent Events client for tests, on {@code java.net.http}: opens a stream, parses frames on a
 * thread of its own as the text/event-stream format says (id, event, data lines, comments), and keeps
 * them for assertions. Non-200 answers keep their status, headers and body.
 */
public final class SseClient implements AutoCloseable {
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    /** One event frame; {@code id} is null for frames without one. */
    public record Event(String id, String event, String data) { }

    private final HttpResponse<InputStream> response;
    private final String errorBody;
    private final List<Event> events = new CopyOnWriteArrayList<>();
    private final List<String> comments = new CopyOnWriteArrayList<>();
    private volatile boolean ended;
    private final Thread reader;

    private SseClient(HttpResponse<InputStream> response) throws Exception {
        this.response = response;
        if (response.statusCode() != 200) {
            try (InputStream body = response.body()) {
                errorBody = new String(body.readAllBytes(), StandardCharsets.UTF_8);
            }
            ended = true;
            reader = null;
            return;
        }
        errorBody = null;
        reader = new Thread(this::read, "sse-client");
        reader.setDaemon(true);
        reader.start();
    }

    /** Opens {@code uri} with the given request headers (e.g. {@code Last-Event-ID}, {@code X-Tab-ID}). */
    public static SseClient open(URI uri, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).header("Accept", "text/event-stream").GET();
        headers.forEach(request::header);
        try {
            return new SseClient(HTTP.send(request.build(), HttpResponse.BodyHandlers.ofInputStream()));
        } catch (Exception e) {
            throw new IllegalStateException("cannot open " + uri, e);
        }
    }

    public static SseClient open(URI uri) {
        return open(uri, Map.of());
    }

    private void read() {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            String id = null;
            String name = null;
            List<String> data = new ArrayList<>();
            String line;
            while ((line = lines.readLine()) != null) {
                if (line.isEmpty()) {
                    if (!data.isEmpty() || name != null) {
                        events.add(new Event(id, name == null ? "message" : name, String.join("\n", data)));
                    }
                    id = null;
                    name = null;
                    data = new ArrayList<>();
                } else if (line.startsWith(":")) {
                    comments.add(line.substring(1).strip());
                } else {
                    int colon = line.indexOf(':');
                    String field = colon < 0 ? line : line.substring(0, colon);
                    String value = colon < 0 ? "" : line.substring(colon + 1);
                    if (value.startsWith(" ")) {
                        value = value.substring(1);
                    }
                    switch (field) {
                        case "id" -> id = value;
                        case "event" -> name = value;
                        case "data" -> data.add(value);
                        default -> { }
                    }
                }
            }
        } catch (Exception closed) {
            // the stream ended or was closed by the test
        } finally {
            ended = true;
        }
    }

    public int status() {
        return response.statusCode();
    }

    public HttpHeaders headers() {
        return response.headers();
    }

    /** The body of a non-200 answer (a problem+json document), else null. */
    public String errorBody() {
        return errorBody;
    }

    public List<Event> events() {
        return List.copyOf(events);
    }

    /** Event frames with this name, in arrival order. */
    public List<Event> events(String name) {
        return events.stream().filter(event -> name.equals(event.event())).collect(Collectors.toList());
    }

    public List<String> comments() {
        return List.copyOf(comments);
    }

    /** Whether the server ended the stream (or never opened it). */
    public boolean ended() {
        return ended;
    }

    /** The id of the last frame that had one: what a browser sends back as {@code Last-Event-ID}. */
    public String lastEventId() {
        String last = null;
        for (Event event : events) {
            if (event.id() != null) {
                last = event.id();
            }
        }
        return last;
    }

    @Override
    public void close() {
        if (reader != null) {
            try {
                response.body().close();
            } catch (Exception ignored) {
                // already closed
            }
            reader.interrupt();
        }
    }
}
