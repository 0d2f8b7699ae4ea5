package io.fabula.adapters.out.llm;

import io.fabula.application.agent.Prompt;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A prompt template: a {@code === system ===} part and a {@code === user ===} part, with
 * {@code {{slot}}} placeholders and optional sections {@code {{#slot}}...{{/slot}}} that are kept only when
 * the slot has a non-blank value (how retrieval context and graph facts disappear when their dependency is
 * switched off). A placeholder outside a section for its own slot is required: rendering without it fails,
 * naming the slot and the template, instead of sending a prompt with a hole to a model that bills for it.
 * Deliberately tiny: no loops, no escaping, no expressions.
 */
final class PromptTemplate {
    private static final Pattern SECTION = Pattern.compile("\\{\\{#([a-z_]+)}}(.*?)\\{\\{/\\1}}\\n?", Pattern.DOTALL);
    private static final Pattern SLOT = Pattern.compile("\\{\\{([a-z_]+)}}");
    private static final Pattern PART = Pattern.compile("^=== (system|user) ===$", Pattern.MULTILINE);

    private final String name;
    private final String system;
    private final String user;

    private PromptTemplate(String name, String system, String user) {
        this.name = name;
        this.system = system;
        this.user = user;
    }

    /** Reads a template's text; lines before the first part marker are comments for the template's editors. */
    static PromptTemplate parse(String name, String text) {
        Objects.requireNonNull(name, "name");
        Matcher parts = PART.matcher(text.replace("\r\n", "\n"));
        String normalised = text.replace("\r\n", "\n");
        String system = null;
        String user = null;
        String current = null;
        int from = -1;
        while (parts.find()) {
            if (current != null) {
                String body = normalised.substring(from, parts.start());
                if (current.equals("system")) {
                    system = body;
                } else {
                    user = body;
                }
            }
            current = parts.group(1);
            from = parts.end();
        }
        if (current != null) {
            String body = normalised.substring(from);
            if (current.equals("system")) {
                system = body;
            } else {
                user = body;
            }
        }
        if (system == null || user == null) {
            throw new IllegalArgumentException("prompt template " + name + " needs a '=== system ===' and a '=== user ===' part");
        }
        return new PromptTemplate(name, system.strip(), user.strip());
    }

    String name() {
        return name;
    }

    Prompt render(Map<String, String> slots) {
        return new Prompt(render(system, slots), render(user, slots));
    }

    private String render(String part, Map<String, String> slots) {
        Matcher sections = SECTION.matcher(part);
        StringBuilder kept = new StringBuilder();
        while (sections.find()) {
            String value = slots.get(sections.group(1));
            sections.appendReplacement(kept, value == null || value.isBlank() ? "" : Matcher.quoteReplacement(sections.group(2)));
        }
        sections.appendTail(kept);
        Matcher placeholders = SLOT.matcher(kept);
        StringBuilder out = new StringBuilder();
        while (placeholders.find()) {
            String slot = placeholders.group(1);
            String value = slots.get(slot);
            if (value == null || value.isBlank()) {
                throw new IllegalArgumentException("prompt template " + name + " needs a value for {{" + slot + "}}");
            }
            placeholders.appendReplacement(out, Matcher.quoteReplacement(value.strip()));
        }
        placeholders.appendTail(out);
        // dropped sections leave blank lines behind; more than one in a row says nothing to a model
        return out.toString().replaceAll("\\n{3,}", "\n\n").strip();
    }
}
