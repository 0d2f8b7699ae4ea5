package io.fabula.application.story;

import java.util.List;
import java.util.Objects;

/**
 * One contradiction or loose end found in a story graph.
 *
 * @param refs    the ids of the story elements involved (as the content named them), sorted
 * @param message what is wrong, in words a writer can act on
 */
public record Finding(ConsistencyCheck check, List<String> refs, String message) {
    public Finding {
        Objects.requireNonNull(check, "check");
        refs = refs.stream().sorted().toList();
        Objects.requireNonNull(message, "message");
    }

    public Severity severity() {
        return check.severity();
    }
}
