package io.fabula.application.story;

import java.util.Objects;
import java.util.function.BooleanSupplier;

/**
 * Runs the consistency checks of a branch, or skips them — when the {@code GRAPH_VALIDATION_ENABLED}
 * switch is off, or when the graph cannot answer — so a session never waits on, or fails because of,
 * the graph database (SPEC §8). A skip is a result, not an exception: the caller records it.
 */
public final class ValidateStoryGraph {
    private final StoryGraph graph;
    private final BooleanSupplier enabled;

    /** @param enabled read on every call, so a switch flipped at run time takes effect at once */
    public ValidateStoryGraph(StoryGraph graph, BooleanSupplier enabled) {
        this.graph = Objects.requireNonNull(graph, "graph");
        this.enabled = Objects.requireNonNull(enabled, "enabled");
    }

    public GraphValidation handle(StoryBranch branch) {
        if (!enabled.getAsBoolean()) {
            return new GraphValidation.Skipped("graph validation is switched off");
        }
        try {
            return new GraphValidation.Checked(graph.validate(branch));
        } catch (RuntimeException e) {
            // the graph is derived data: its loss degrades validation, never the session
            return new GraphValidation.Skipped("story graph unavailable: " + e.getClass().getSimpleName());
        }
    }
}
