package io.fabula.application.story;

import io.fabula.domain.event.DomainEvent;

/**
 * The knowledge graph of a novel: its characters, world rules, locations and plot, one graph per
 * {@link StoryBranch}, built from the session's domain events and checked for contradictions.
 *
 * <p>The structured content it reads from event payloads is described in {@code docs/story-graph.md}.
 * Failures (the graph database unreachable or timing out) surface as unchecked exceptions of the adapter's
 * driver, which the failure classifier maps to {@code Transient}; callers degrade (SPEC §8: validation skipped).
 */
public interface StoryGraph {

    /**
     * Applies one domain event to the graph of its branch ({@code payload.novel_id}, {@code aggregate_id}).
     * Events that carry no story structure are ignored.
     *
     * <p><b>Idempotent and replay-safe:</b> applying the same event again, or replaying a branch's whole
     * stream in order again, leaves the graph as it was. Events of one branch must be applied in
     * {@code sequence} order (a later proposal of a stage replaces the earlier one).
     */
    void project(DomainEvent event);

    /**
     * Runs every {@link ConsistencyCheck} on one branch. Read-only; a branch without a graph is clean.
     */
    ConsistencyReport validate(StoryBranch branch);
}
