package io.fabula.application.orchestration;

import io.fabula.domain.stage.Stage;

import java.util.Locale;

/**
 * The agent capabilities, each a Kafka consumer group reading {@code genesis.<name>.tasks} and
 * writing its results to {@code genesis.<name>.events}. The last column says which command its
 * results become: generators record proposals, judges record reviews.
 */
public enum Capability {
    /** concept and theme */
    OUTLINE(Produces.PROPOSAL),
    /** the details of the story bible */
    WRITER(Produces.PROPOSAL),
    /** scores every proposal except the world's (SPEC §4) */
    REVIEW(Produces.REVIEW),
    /** builds the world's rules and places */
    WORLD(Produces.PROPOSAL),
    CHARACTER(Produces.PROPOSAL),
    PLOT(Produces.PROPOSAL),
    /** checks the world against the story graph (Neo4j): the world's review, with graph consistency */
    FACTCHECK(Produces.REVIEW),
    /** revises a proposal with feedback */
    REWRITER(Produces.PROPOSAL),
    /** revises the world with feedback: the world's rewriter */
    WORLDSMITH(Produces.PROPOSAL);

    /** What a capability's result turns into. */
    public enum Produces {
        /** a RecordProposal */
        PROPOSAL,
        /** a RecordReview */
        REVIEW
    }

    private final Produces produces;

    Capability(Produces produces) {
        this.produces = produces;
    }

    public Produces produces() {
        return produces;
    }

    public String taskTopic() {
        return "genesis." + name().toLowerCase(Locale.ROOT) + ".tasks";
    }

    public String resultTopic() {
        return "genesis." + name().toLowerCase(Locale.ROOT) + ".events";
    }

    /** Who writes a stage's proposals from scratch. */
    public static Capability generatorOf(Stage stage) {
        return switch (stage) {
            case CONCEPT, THEME -> OUTLINE;
            case WORLD -> WORLD;
            case CHARACTERS -> CHARACTER;
            case PLOT -> PLOT;
            case DETAILS -> WRITER;
        };
    }

    /** Who revises a stage's proposal with feedback. */
    public static Capability rewriterOf(Stage stage) {
        return stage == Stage.WORLD ? WORLDSMITH : REWRITER;
    }

    /** Who scores a stage's proposal. */
    public static Capability reviewerOf(Stage stage) {
        return stage == Stage.WORLD ? FACTCHECK : REVIEW;
    }
}
