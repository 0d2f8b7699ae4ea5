package io.fabula.adapters.out.neo4j;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The structured part of a stage's {@code content}: a JSON object with the keys {@code world_rules},
 * {@code locations}, {@code characters} and {@code plot_nodes} (docs/story-graph.md). Prose content, or JSON
 * with none of these keys, carries no structure. Structure that is there but malformed is refused with
 * {@link IllegalArgumentException} (the event is poison for the projection, not silently half-applied).
 */
record StoryContent(Map<Kind, List<Element>> elements) {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Ids name elements inside one branch; kept strict so they read well in findings and uids. */
    static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.:-]{0,127}");
    private static final int MAX_TEXT = 8_192;
    private static final int MAX_LIST = 256;

    /** The kinds of story element, with the JSON key that lists them and their node label. */
    enum Kind {
        LOCATION("locations", "Location", List.of("name", "description"), List.of()),
        WORLD_RULE("world_rules", "WorldRule", List.of("name", "statement"), List.of("requires", "forbids")),
        CHARACTER("characters", "Character",
                List.of("name", "appearance", "personality", "background", "motivation", "goal", "obstacle", "arc",
                        "secret", "location"),
                List.of("tags")),
        PLOT_NODE("plot_nodes", "PlotNode", List.of("title", "summary", "location"), List.of("characters", "tags"));

        final String key;
        final String label;
        final List<String> texts;
        final List<String> lists;

        Kind(String key, String label, List<String> texts, List<String> lists) {
            this.key = key;
            this.label = label;
            this.texts = texts;
            this.lists = lists;
        }
    }

    /** A relation from one element to another of the same branch, named by the target's id. */
    record Link(String type, Kind targetKind, String targetId, String relationType, Double strength) {
    }

    record Element(Kind kind, String id, Map<String, Object> properties, List<Link> links) {
    }

    boolean has(Kind kind) {
        return elements.containsKey(kind);
    }

    /** Empty when the content carries no story structure (null, prose, or JSON without any known key). */
    static Optional<StoryContent> parse(String content) {
        if (content == null || !content.stripLeading().startsWith("{")) {
            return Optional.empty();
        }
        JsonNode root;
        try {
            root = JSON.readTree(content);
        } catch (JsonProcessingException e) {
            return Optional.empty(); // prose that happens to start with a brace
        }
        Map<Kind, List<Element>> elements = new LinkedHashMap<>();
        for (Kind kind : Kind.values()) {
            if (root.has(kind.key)) {
                elements.put(kind, elements(kind, root.get(kind.key)));
            }
        }
        return elements.isEmpty() ? Optional.empty() : Optional.of(new StoryContent(elements));
    }

    /**
     * The content of {@code Plot.NodeCreated}: a single plot node object (it has an {@code id} at the top;
     * its {@code characters} are names, not character sheets), or else the general format.
     */
    static Optional<StoryContent> parsePlotNode(String content) {
        if (content == null || !content.stripLeading().startsWith("{")) {
            return Optional.empty();
        }
        JsonNode node;
        try {
            node = JSON.readTree(content);
        } catch (JsonProcessingException e) {
            return Optional.empty();
        }
        if (node.has("id")) {
            return Optional.of(new StoryContent(Map.of(Kind.PLOT_NODE, List.of(element(Kind.PLOT_NODE, node)))));
        }
        return parse(content);
    }

    private static List<Element> elements(Kind kind, JsonNode array) {
        if (!array.isArray()) {
            throw new IllegalArgumentException(kind.key + " must be a list");
        }
        List<Element> list = new ArrayList<>();
        Map<String, Boolean> seen = new LinkedHashMap<>();
        for (JsonNode item : array) {
            Element element = element(kind, item);
            if (seen.put(element.id(), true) != null) {
                throw new IllegalArgumentException(kind.key + " names " + element.id() + " twice");
            }
            list.add(element);
        }
        return List.copyOf(list);
    }

    private static Element element(Kind kind, JsonNode item) {
        if (!item.isObject()) {
            throw new IllegalArgumentException("every entry of " + kind.key + " must be an object");
        }
        String id = id(item.path("id"), kind.key + ".id");
        Map<String, Object> properties = new LinkedHashMap<>();
        for (String field : kind.texts) {
            JsonNode value = item.get(field);
            if (value != null && !value.isNull()) {
                String text = value.asText();
                if (text.length() > MAX_TEXT) {
                    throw new IllegalArgumentException(kind.key + "." + field + " of " + id + " is too long");
                }
                properties.put(field, field.equals("location") ? id(value, "location of " + id) : text);
            }
        }
        for (String field : kind.lists) {
            // tags, requires and forbids are compared case-insensitively, so they are stored lower case
            boolean lowerCase = !field.equals("characters");
            properties.put(field, strings(item.get(field), kind.key + "." + field, lowerCase));
        }
        return new Element(kind, id, properties, links(kind, id, item));
    }

    private static List<Link> links(Kind kind, String id, JsonNode item) {
        List<Link> links = new ArrayList<>();
        switch (kind) {
            case WORLD_RULE -> {
                for (String target : strings(item.get("governs"), "governs of " + id, false)) {
                    links.add(new Link("GOVERNS", Kind.LOCATION, id(target, "governs of " + id), null, null));
                }
                for (String target : strings(item.get("conflicts_with"), "conflicts_with of " + id, false)) {
                    links.add(new Link("CONFLICTS_WITH", Kind.WORLD_RULE, id(target, "conflicts_with of " + id), null, null));
                }
            }
            case CHARACTER -> {
                JsonNode relations = item.path("relations");
                if (!relations.isMissingNode() && !relations.isNull()) {
                    if (!relations.isArray()) {
                        throw new IllegalArgumentException("relations of " + id + " must be a list");
                    }
                    for (JsonNode relation : relations) {
                        String to = id(relation.path("to"), "relations.to of " + id);
                        String type = relation.path("type").asText("related").toLowerCase(Locale.ROOT);
                        double strength = relation.path("strength").asDouble(0.5);
                        if (!(strength >= 0.0 && strength <= 1.0)) {
                            throw new IllegalArgumentException("relation strength must be within 0..1: " + id + " -> " + to);
                        }
                        links.add(new Link("RELATES_TO", Kind.CHARACTER, to, type, strength));
                    }
                }
            }
            case PLOT_NODE -> {
                for (String target : strings(item.get("next"), "next of " + id, false)) {
                    links.add(new Link("NEXT", Kind.PLOT_NODE, id(target, "next of " + id), null, null));
                }
            }
            case LOCATION -> {
                // locations only receive relations
            }
        }
        return List.copyOf(links);
    }

    private static String id(JsonNode node, String what) {
        if (node == null || !node.isTextual()) {
            throw new IllegalArgumentException(what + " must be an id string");
        }
        return id(node.asText(), what);
    }

    private static String id(String text, String what) {
        if (!ID.matcher(text).matches()) {
            throw new IllegalArgumentException(what + " is not a valid id: " + text);
        }
        return text;
    }

    private static List<String> strings(JsonNode node, String what, boolean lowerCase) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return List.of();
        }
        if (!node.isArray() || node.size() > MAX_LIST) {
            throw new IllegalArgumentException(what + " must be a list of at most " + MAX_LIST + " strings");
        }
        List<String> values = new ArrayList<>();
        for (JsonNode value : node) {
            if (!value.isTextual() || value.asText().isBlank()) {
                throw new IllegalArgumentException(what + " must hold non-blank strings");
            }
            String text = value.asText().strip();
            values.add(lowerCase ? text.toLowerCase(Locale.ROOT) : text);
        }
        return List.copyOf(values);
    }
}
