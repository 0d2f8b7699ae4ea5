package io.fabula.codec.flow;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabula.application.flow.DeadLetter;
import io.fabula.application.flow.Delivery;
import io.fabula.application.orchestration.Capability;
import io.fabula.application.orchestration.CapabilityResult;
import io.fabula.application.orchestration.CapabilityTask;
import io.fabula.application.orchestration.TaskPurpose;
import io.fabula.domain.failure.FailureKind;
import io.fabula.domain.id.CorrelationId;
import io.fabula.domain.id.EventId;
import io.fabula.domain.id.NovelId;
import io.fabula.domain.id.SessionId;
import io.fabula.domain.id.UserId;
import io.fabula.domain.stage.Stage;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * The JSON of the genesis flow's own messages (docs/genesis-flow.md): capability tasks on
 * {@code genesis.<cap>.tasks}, results on {@code genesis.<cap>.events}, and the DLT envelope on
 * {@code <topic>.DLT}. Each carries {@code message_type} with a version; a reader refuses (as poison, by
 * an {@link IllegalArgumentException}) a type or version it does not know, and ignores unknown fields.
 * Thread-safe.
 */
public final class FlowCodec {
    public static final String TASK_TYPE = "fabula.task/1";
    public static final String RESULT_TYPE = "fabula.result/1";
    public static final String DEAD_LETTER_TYPE = "fabula.dead-letter/1";

    private final ObjectMapper mapper = new ObjectMapper();

    // ---- tasks ----

    public String encode(CapabilityTask task) {
        ObjectNode root = mapper.createObjectNode();
        root.put("message_type", TASK_TYPE);
        root.put("task_id", task.taskId().toString());
        root.put("capability", task.capability().name().toLowerCase(Locale.ROOT));
        root.put("purpose", task.purpose().name());
        root.put("session_id", task.sessionId().toString());
        root.put("novel_id", task.novelId().toString());
        root.put("user_id", task.userId().toString());
        root.put("stage", task.stage().name());
        root.put("correlation_id", task.correlationId().value());
        root.put("delay_ms", task.delay().toMillis());
        ObjectNode inputs = root.putObject("inputs");
        task.inputs().forEach(inputs::put);
        return write(root);
    }

    /** @throws IllegalArgumentException when the text is not a task this reader knows (poison) */
    public CapabilityTask decodeTask(String json) {
        JsonNode root = read(json, TASK_TYPE);
        try {
            Map<String, String> inputs = new TreeMap<>();
            root.path("inputs").fields().forEachRemaining(field -> inputs.put(field.getKey(), field.getValue().asText()));
            return new CapabilityTask(EventId.of(text(root, "task_id")), capability(text(root, "capability")),
                    TaskPurpose.valueOf(text(root, "purpose")), SessionId.of(text(root, "session_id")),
                    NovelId.of(text(root, "novel_id")), UserId.of(text(root, "user_id")), Stage.valueOf(text(root, "stage")),
                    new CorrelationId(text(root, "correlation_id")), Duration.ofMillis(root.path("delay_ms").asLong(0)), inputs);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("not a valid task: " + e.getMessage(), e);
        }
    }

    // ---- results ----

    public String encode(CapabilityResult result) {
        ObjectNode root = mapper.createObjectNode();
        root.put("message_type", RESULT_TYPE);
        root.put("task_id", result.taskId().toString());
        root.put("capability", result.capability().name().toLowerCase(Locale.ROOT));
        root.put("session_id", result.sessionId().toString());
        root.put("user_id", result.userId().toString());
        root.put("stage", result.stage().name());
        root.put("correlation_id", result.correlationId().value());
        ObjectNode outcome = root.putObject("outcome");
        if (result.outcome() instanceof CapabilityResult.Generated generated) {
            outcome.put("type", "generated");
            outcome.put("content", generated.content());
            if (generated.selfScore() != null) {
                outcome.put("self_score", generated.selfScore());
            }
            ArrayNode elements = outcome.putArray("elements");
            generated.elements().forEach(elements::add);
        } else if (result.outcome() instanceof CapabilityResult.Scored scored) {
            outcome.put("type", "scored");
            outcome.put("score", scored.score());
            ArrayNode findings = outcome.putArray("findings");
            scored.findings().forEach(findings::add);
        } else {
            CapabilityResult.GaveUp gaveUp = (CapabilityResult.GaveUp) result.outcome();
            outcome.put("type", "gave_up");
            outcome.put("kind", gaveUp.kind().name());
            outcome.put("reason", gaveUp.reason());
            outcome.put("attempts", gaveUp.attempts());
        }
        return write(root);
    }

    /** @throws IllegalArgumentException when the text is not a result this reader knows (poison) */
    public CapabilityResult decodeResult(String json) {
        JsonNode root = read(json, RESULT_TYPE);
        try {
            JsonNode outcome = root.path("outcome");
            CapabilityResult.Outcome decoded = switch (text(outcome, "type")) {
                case "generated" -> new CapabilityResult.Generated(text(outcome, "content"),
                        outcome.hasNonNull("self_score") ? outcome.get("self_score").asDouble() : null, strings(outcome, "elements"));
                case "scored" -> new CapabilityResult.Scored(number(outcome, "score"), strings(outcome, "findings"));
                case "gave_up" -> new CapabilityResult.GaveUp(FailureKind.valueOf(text(outcome, "kind")),
                        text(outcome, "reason"), outcome.path("attempts").asInt(1));
                default -> throw new IllegalArgumentException("unknown outcome type " + outcome.path("type"));
            };
            return new CapabilityResult(EventId.of(text(root, "task_id")), capability(text(root, "capability")),
                    SessionId.of(text(root, "session_id")), UserId.of(text(root, "user_id")),
                    Stage.valueOf(text(root, "stage")), new CorrelationId(text(root, "correlation_id")), decoded);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("not a valid result: " + e.getMessage(), e);
        }
    }

    // ---- dead letters ----

    /** The parked message's text: the bytes as consumed, or the task the orchestrator built. */
    public String payloadOf(DeadLetter letter) {
        return letter.payload() instanceof DeadLetter.OfTask task ? encode(task.task()) : ((DeadLetter.Raw) letter.payload()).text();
    }

    /** The DLT envelope: id, time, correlation id, retries, the original's place, the error, and the payload. */
    public String encode(DeadLetter letter) {
        ObjectNode root = mapper.createObjectNode();
        root.put("message_type", DEAD_LETTER_TYPE);
        root.put("id", letter.id().toString());
        root.put("ts", letter.at().toString());
        root.put("correlation_id", letter.correlationId());
        root.put("retries", letter.attempts() - 1);
        root.put("attempts", letter.attempts());
        ObjectNode original = root.putObject("original");
        original.put("topic", letter.original().topic());
        original.put("partition", letter.original().partition());
        original.put("offset", letter.original().offset());
        original.put("key", letter.original().key());
        original.put("replay", letter.original().replay());
        ObjectNode error = root.putObject("error");
        error.put("class", letter.kind().name());
        error.put("message", letter.message());
        root.put("payload", payloadOf(letter));
        return write(root);
    }

    /** @throws IllegalArgumentException when the text is not a DLT envelope */
    public DeadLetter decodeDeadLetter(String json) {
        JsonNode root = read(json, DEAD_LETTER_TYPE);
        try {
            JsonNode original = root.path("original");
            Delivery delivery = new Delivery(text(original, "topic"), original.path("partition").asInt(-1),
                    original.path("offset").asLong(-1), text(original, "key"), text(root, "payload"),
                    original.path("replay").asInt(0));
            JsonNode error = root.path("error");
            return new DeadLetter(UUID.fromString(text(root, "id")), Instant.parse(text(root, "ts")), delivery,
                    new DeadLetter.Raw(text(root, "payload")), FailureKind.valueOf(text(error, "class")),
                    text(error, "message"), root.path("attempts").asInt(1), text(root, "correlation_id"));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("not a valid dead letter: " + e.getMessage(), e);
        }
    }

    /** The Kafka headers of a parked message (SPEC §3: error class, message, attempts, original offset). */
    public static Map<String, String> deadLetterHeaders(DeadLetter letter) {
        Map<String, String> headers = new TreeMap<>();
        headers.put("dlt_id", letter.id().toString());
        headers.put("error_class", letter.kind().name());
        headers.put("error_message", letter.message().length() > 1000 ? letter.message().substring(0, 1000) : letter.message());
        headers.put("attempts", Integer.toString(letter.attempts()));
        headers.put("original_topic", letter.original().topic());
        headers.put("original_partition", Integer.toString(letter.original().partition()));
        headers.put("original_offset", Long.toString(letter.original().offset()));
        headers.put("correlation_id", letter.correlationId());
        headers.put("content_type", "application/json");
        return headers;
    }

    // ---- helpers ----

    private static Capability capability(String name) {
        return Capability.valueOf(name.toUpperCase(Locale.ROOT));
    }

    private JsonNode read(String json, String type) {
        JsonNode root;
        try {
            root = mapper.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not JSON: " + e.getOriginalMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("not a JSON object");
        }
        String actual = root.path("message_type").asText("");
        if (!type.equals(actual)) {
            throw new IllegalArgumentException("message_type is '" + actual + "', this reader knows '" + type + "'");
        }
        return root;
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull() || !value.isValueNode()) {
            throw new IllegalArgumentException(field + " is missing");
        }
        return value.asText();
    }

    private static double number(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.isNumber()) {
            throw new IllegalArgumentException(field + " is not a number");
        }
        return value.asDouble();
    }

    private static List<String> strings(JsonNode node, String field) {
        List<String> values = new ArrayList<>();
        node.path(field).forEach(value -> values.add(value.asText()));
        return values;
    }

    private String write(ObjectNode node) {
        try {
            return mapper.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("a tree of strings and numbers always serializes", e);
        }
    }
}
