package io.fabula.adapters.out.llm;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabula.application.agent.GenerationFormat;
import io.fabula.domain.stage.Stage;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads the generation format of docs/generation-format.md. Lenient where models commonly stray (a Markdown
 * code fence around the object, a missing signal falls back to the overall score), strict where it matters
 * (one JSON object; a review has a score within 0–10; a plot has its nodes).
 */
public final class JsonGenerationFormat implements GenerationFormat {
    private final ObjectMapper mapper = new ObjectMapper();

    @Override
    public Review readReview(String text) {
        JsonNode root = object(text);
        JsonNode signals = root.path("signals");
        double score = score(root.get("score"), "score", Double.NaN);
        double judgement = score(signals.get("llm_judgement"), "signals.llm_judgement", score);
        double rules = score(signals.get("rule_checks"), "signals.rule_checks", judgement);
        double intent = score(signals.get("intent_similarity"), "signals.intent_similarity", judgement);
        if (Double.isNaN(judgement)) {
            throw new IllegalArgumentException("a review needs a score");
        }
        List<String> findings = new ArrayList<>();
        root.path("findings").forEach(finding -> {
            String message = finding.isTextual() ? finding.asText() : finding.path("message").asText("");
            if (!message.isBlank()) {
                String severity = finding.path("severity").asText("info").toLowerCase(Locale.ROOT);
                findings.add(severity + ": " + message);
            }
        });
        return new Review(judgement, rules, intent, findings);
    }

    @Override
    public List<String> readProposal(Stage stage, String text) {
        JsonNode root = object(text);
        if (stage != Stage.PLOT) {
            return List.of();
        }
        JsonNode nodes = root.path("plot_nodes");
        if (!nodes.isArray() || nodes.isEmpty()) {
            throw new IllegalArgumentException("a plot needs plot_nodes");
        }
        List<String> elements = new ArrayList<>();
        for (JsonNode node : nodes) {
            elements.add(node.toString());
        }
        return elements;
    }

    private JsonNode object(String text) {
        String json = text.strip();
        if (json.startsWith("```")) {
            int start = json.indexOf('\n');
            int end = json.lastIndexOf("```");
            json = start > 0 && end > start ? json.substring(start + 1, end).strip() : json;
        }
        try {
            JsonNode root = mapper.readTree(json);
            if (root == null || !root.isObject()) {
                throw new IllegalArgumentException("the answer is not one JSON object");
            }
            return root;
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("the answer is not JSON: " + e.getOriginalMessage());
        }
    }

    private static double score(JsonNode node, String field, double fallback) {
        if (node == null || node.isNull()) {
            return fallback;
        }
        if (!node.isNumber()) {
            throw new IllegalArgumentException(field + " is not a number");
        }
        double value = node.asDouble();
        if (!(value >= 0.0 && value <= 10.0)) {
            throw new IllegalArgumentException(field + " is outside 0..10: " + value);
        }
        return value;
    }
}
