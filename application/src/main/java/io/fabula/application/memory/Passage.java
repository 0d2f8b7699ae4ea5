package io.fabula.application.memory;

import io.fabula.application.story.StoryBranch;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A piece of a novel's text kept in the story memory: a proposal, a locked stage, a character sheet, a plot node.
 *
 * @param id   stable id; upserting a passage with the same id replaces it (e.g. {@code <session>:world:proposal})
 * @param kind what it is, lower snake case ({@code concept}, {@code world}, {@code character}, {@code plot_node}, ...)
 * @param ref  what it was made from (an event id, a round path, an element id)
 */
public record Passage(String id, StoryBranch branch, String kind, String ref, String text) {
    /** Ids and refs are spliced into nothing, but kept strict so every value is safe in a Milvus filter. */
    public static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.:-]{0,127}");
    public static final Pattern KIND = Pattern.compile("[a-z][a-z0-9_]{0,31}");
    /** Passages are chunks of prompt context, not whole manuscripts; callers split longer text. */
    public static final int MAX_TEXT = 4_000;

    public Passage {
        requireMatch(ID, id, "passage id");
        Objects.requireNonNull(branch, "branch");
        requireKind(kind);
        requireMatch(ID, ref, "ref");
        if (text == null || text.isBlank() || text.length() > MAX_TEXT) {
            throw new IllegalArgumentException("a passage holds 1.." + MAX_TEXT + " characters of text");
        }
    }

    public static String requireKind(String kind) {
        return requireMatch(KIND, kind, "kind");
    }

    private static String requireMatch(Pattern pattern, String value, String what) {
        if (value == null || !pattern.matcher(value).matches()) {
            throw new IllegalArgumentException("not a valid " + what + ": " + value);
        }
        return value;
    }
}
