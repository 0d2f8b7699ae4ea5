package io.fabula.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * {@code ./fabula dev --demo}: drives one genesis session from seed to COMPLETED through the public HTTP API, as
 * a client would (SPEC §13) — register, log in, start a session, wait for each stage's reviewed proposal, confirm
 * it — printing progress (stage, proposal, score, time) and finally the story bible.
 */
final class DemoClient {
    static final String SEED = "A lighthouse keeper collects letters from people who drowned at sea, "
            + "and one day a letter arrives from herself";
    /** A writer's quota is 60 requests a minute (SPEC §7): one poll every 2 s leaves room for the rest, and a 429 (refused before anything was done, so safe to repeat) is waited out. */
    private static final Duration POLL = Duration.ofMillis(2000);
    private static final List<String> STAGES = List.of("CONCEPT", "THEME", "WORLD", "CHARACTERS", "PLOT", "DETAILS");

    private final URI api;
    private final PrintStream out;
    private final Duration perStage;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ObjectMapper json = new ObjectMapper();
    private String token;

    DemoClient(URI api, PrintStream out, Duration perStage) {
        this.api = api;
        this.out = out;
        this.perStage = perStage;
    }

    /** @return the process exit code: 0 when the session completed and its bible was printed */
    int run() throws Exception {
        long started = System.nanoTime();
        String email = "demo-" + Instant.now().getEpochSecond() + "-" + UUID.randomUUID().toString().substring(0, 6) + "@fabula.local";
        String password = "demo-password-" + UUID.randomUUID();
        send("POST", "/auth/register", Map.of("email", email, "password", password, "display_name", "Demo writer"), Map.of(), 201);
        token = send("POST", "/auth/login", Map.of("email", email, "password", password), Map.of(), 200)
                .body().path("access_token").asText();
        out.printf("%n== Fabula demo: one genesis session through the public API (%s) ==%n", api);
        out.printf("writer %s logged in%nseed: \"%s\"%n%n", email, SEED);

        Reply created = send("POST", "/genesis/sessions", Map.of("seed_idea", SEED),
                Map.of("Idempotency-Key", UUID.randomUUID().toString()), 201);
        String session = created.body().path("session_id").asText();
        out.printf("session %s started (version %s)%n", session, created.body().path("version").asText());

        for (String stage : STAGES) {
            long stageStarted = System.nanoTime();
            out.printf("%n[%s] the agents are writing ...%n", stage);
            JsonNode state = awaitReviewedProposal(session, stage);
            if (state == null) {
                return 1;
            }
            JsonNode review = lastRound(session, "RecordReview");
            JsonNode proposal = lastRound(session, "RecordProposal");
            out.printf("[%s] proposal of %d characters, %s; ready after %.1f s%n", stage,
                    proposal == null ? 0 : proposal.path("output").asText().length(),
                    review == null ? "not scored" : review.path("output").asText().lines().findFirst().orElse(""),
                    (System.nanoTime() - stageStarted) / 1e9);
            out.printf("[%s] %s%n", stage, summary(proposal));
            send("POST", "/genesis/sessions/" + session + "/commands",
                    Map.of("type", "ConfirmStage", "payload", Map.of("stage", stage)),
                    Map.of("Idempotency-Key", UUID.randomUUID().toString(), "If-Match", "\"" + state.path("version").asLong() + "\""),
                    202);
            out.printf("[%s] confirmed: LOCKED%n", stage);
        }
        JsonNode done = awaitStatus(session, "COMPLETED");
        if (done == null) {
            return 1;
        }
        out.printf("%nsession %s is %s after %.1f s%n", session, done.path("status").asText(), (System.nanoTime() - started) / 1e9);
        printBible(send("GET", "/genesis/sessions/" + session + "/bible", null, Map.of(), 200).body());
        return 0;
    }

    /** Polls until the stage awaits the writer and its latest round is the review that proposed it. */
    private JsonNode awaitReviewedProposal(String session, String stage) throws Exception {
        long deadline = System.nanoTime() + perStage.toNanos();
        String lastShown = "";
        long seenVersion = -1;
        JsonNode last = null;
        while (System.nanoTime() < deadline) {
            JsonNode state = send("GET", "/genesis/sessions/" + session, null, Map.of(), 200).body();
            String status = state.path("status").asText();
            if (status.equals("FAILED") || status.equals("ABANDONED")) {
                out.printf("[%s] the session %s%n", stage, status);
                return null;
            }
            String stageState = state.path("stages").path(stage).asText();
            long version = state.path("version").asLong();
            if (version != seenVersion) {
                // the rounds change only with the version: read them then, not on every poll (60 requests/min quota)
                last = lastRound(session, null);
                seenVersion = version;
            }
            String lastType = last == null ? "" : last.path("command_type").asText();
            String shown = stageState + "/" + lastType;
            if (!shown.equals(lastShown)) {
                if (lastType.equals("RecordReview") && !stageState.equals("AWAITING_REVIEW")) {
                    out.printf("[%s] the quality gate sent it back (%s): writing again%n", stage,
                            last.path("output").asText().lines().findFirst().orElse(""));
                }
                lastShown = shown;
            }
            if (stageState.equals("AWAITING_REVIEW") && lastType.equals("RecordReview")) {
                return state;
            }
            Thread.sleep(POLL.toMillis());
        }
        out.printf("[%s] no reviewed proposal within %s%n", stage, perStage);
        return null;
    }

    private JsonNode awaitStatus(String session, String wanted) throws Exception {
        long deadline = System.nanoTime() + perStage.toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode state = send("GET", "/genesis/sessions/" + session, null, Map.of(), 200).body();
            if (state.path("status").asText().equals(wanted)) {
                return state;
            }
            Thread.sleep(POLL.toMillis());
        }
        out.printf("the session did not become %s within %s%n", wanted, perStage);
        return null;
    }

    /** The latest round, or the latest of a command type. */
    private JsonNode lastRound(String session, String type) throws Exception {
        JsonNode items = send("GET", "/genesis/sessions/" + session + "/rounds", null, Map.of(), 200).body().path("items");
        JsonNode found = null;
        for (JsonNode round : items) {
            if (type == null || type.equals(round.path("command_type").asText())) {
                found = round;
            }
        }
        return found;
    }

    private String summary(JsonNode proposal) {
        if (proposal == null) {
            return "";
        }
        try {
            JsonNode content = json.readTree(proposal.path("output").asText());
            String title = content.path("title").asText("");
            String text = content.path("summary").asText(content.path("logline").asText(""));
            return (title.isEmpty() ? "" : "\"" + title + "\" — ") + text;
        } catch (Exception notJson) {
            return proposal.path("output").asText().lines().findFirst().orElse("");
        }
    }

    private void printBible(JsonNode bible) throws Exception {
        out.printf("%n== The story bible (%s, complete: %s) ==%n", bible.path("status").asText(), bible.path("complete").asText());
        for (JsonNode entry : bible.path("stages")) {
            out.printf("%n--- %s (%s, score %s) ---%n", entry.path("stage").asText(), entry.path("state").asText(),
                    entry.path("quality_score").isNull() ? "-" : entry.path("quality_score").asText());
            String content = entry.path("content").asText("");
            try {
                JsonNode tree = json.readTree(content);
                printTree(tree, "");
            } catch (Exception notJson) {
                out.println(content);
            }
        }
        out.println();
    }

    private void printTree(JsonNode node, String indent) {
        Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            String name = field.getKey();
            if (name.equals("format") || name.equals("stage") || name.equals("language")) {
                continue;
            }
            JsonNode value = field.getValue();
            if (value.isValueNode()) {
                out.printf("%s%s: %s%n", indent, name, value.asText());
            } else if (value.isArray()) {
                out.printf("%s%s:%n", indent, name);
                for (JsonNode item : value) {
                    if (item.isValueNode()) {
                        out.printf("%s  - %s%n", indent, item.asText());
                    } else {
                        String label = item.path("name").asText(item.path("title").asText(item.path("id").asText("")));
                        String text = item.path("statement").asText(item.path("summary").asText(
                                item.path("description").asText(item.path("text").asText(item.path("role").asText("")))));
                        out.printf("%s  - %s%s%n", indent, label, text.isEmpty() ? "" : ": " + text);
                    }
                }
            } else {
                out.printf("%s%s:%n", indent, name);
                printTree(value, indent + "  ");
            }
        }
    }

    private record Reply(int status, JsonNode body) {
    }

    private Reply send(String method, String path, Object body, Map<String, String> headers, int expected) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(api + "/api/v1" + path)).timeout(Duration.ofSeconds(30));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        headers.forEach(request::header);
        if (body == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body)));
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        for (int waited = 0; response.statusCode() == 429 && waited < 3; waited++) {
            // over the quota: do what a polite client does and wait as long as the server asks
            long seconds = Math.min(60, response.headers().firstValueAsLong("Retry-After").orElse(5));
            out.printf("(rate limited: waiting %d s as the server asks)%n", seconds);
            Thread.sleep(seconds * 1000);
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        }
        if (response.statusCode() != expected) {
            throw new IllegalStateException(method + " " + path + " answered " + response.statusCode() + ": " + response.body());
        }
        return new Reply(response.statusCode(), response.body().isBlank() ? json.createObjectNode() : json.readTree(response.body()));
    }
}
