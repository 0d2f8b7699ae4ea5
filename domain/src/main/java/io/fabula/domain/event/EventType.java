package io.fabula.domain.event;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Every event a genesis session emits, with its full type string. The naming scheme:
 * {@code Genesis.Session.<Fact>} for facts about the session as a whole ({@code Started},
 * {@code Paused}) and {@code Genesis.Session.<Artifact>.<Fact>} for facts about one artifact of the
 * story bible ({@code Theme.Proposed}, {@code World.Updated}); facts are past participles. Two
 * names of the design predate the scheme and are kept verbatim because consumers subscribe by
 * them: {@code ConceptProposed} and {@code ConceptConfirmed} (and {@code SeedRequested}).
 * The constants marked "not in SPEC" were added because a command needed an event and the
 * design's list had none for it (docs/events.md lists them).
 */
public enum EventType {
    STARTED("Started", true),
    SEED_REQUESTED("SeedRequested", false),
    CONCEPT_PROPOSED("ConceptProposed", true),
    CONCEPT_CONFIRMED("ConceptConfirmed", true),
    STAGE_COMPLETED("StageCompleted", true),
    THEME_REQUESTED("Theme.Requested", false),
    THEME_PROPOSED("Theme.Proposed", true),
    THEME_REVISED("Theme.Revised", true),
    THEME_CONFIRMED("Theme.Confirmed", true),
    /** not in SPEC: the orchestration table needs a request to start the world builder */
    WORLD_REQUESTED("World.Requested", false),
    WORLD_CREATED("World.Created", true),
    WORLD_UPDATED("World.Updated", true),
    WORLD_VALIDATION_COMPLETED("World.ValidationCompleted", true),
    /** not in SPEC: starts the character capability */
    CHARACTER_REQUESTED("Character.Requested", false),
    CHARACTER_CREATED("Character.Created", true),
    CHARACTER_UPDATED("Character.Updated", true),
    CHARACTER_NETWORK_CREATED("CharacterNetwork.Created", false),
    /** not in SPEC: starts the plot capability */
    PLOT_REQUESTED("Plot.Requested", false),
    PLOT_CREATED("Plot.Created", true),
    PLOT_NODE_CREATED("Plot.NodeCreated", false),
    DETAILS_REQUESTED("Details.Requested", false),
    DETAILS_COMPLETED("Details.Completed", true),
    FINISHED("Finished", true),
    FAILED("Failed", true),
    BRANCH_CREATED("BranchCreated", true),
    PAUSED("Paused", true),
    RESUMED("Resumed", true),
    ABANDONED("Abandoned", true),
    /** not in SPEC: the writer said something to the current stage's agent */
    MESSAGE_SUBMITTED("MessageSubmitted", false),
    /** not in SPEC: the quality gate scored a proposal of a stage other than WORLD (WORLD has ValidationCompleted) */
    REVIEW_COMPLETED("ReviewCompleted", true),
    /** not in SPEC: a proposal goes back for revision, asked by the writer or by the quality gate */
    REVISION_REQUESTED("RevisionRequested", false),
    /** not in SPEC: the quality gate asked for a new proposal from scratch */
    REGENERATION_REQUESTED("RegenerationRequested", false),
    /** not in SPEC: the writer reopened a locked stage; the stages after it are discarded */
    STAGE_REOPENED("StageReopened", true);

    public static final String PREFIX = "Genesis.Session.";

    private static final Map<String, EventType> BY_TYPE_NAME = Arrays.stream(values())
            .collect(Collectors.toUnmodifiableMap(EventType::typeName, Function.identity()));

    private final String typeName;
    private final boolean writerFacing;

    EventType(String shortName, boolean writerFacing) {
        this.typeName = PREFIX + shortName;
        this.writerFacing = writerFacing;
    }

    /** The full type string, e.g. {@code Genesis.Session.Theme.Proposed}: {@code event_type} and CloudEvents {@code type}. */
    public String typeName() {
        return typeName;
    }

    /**
     * Whether the writer's browser receives it over SSE. Requests to capabilities and
     * capability-internal facts (plot nodes, the character network) stay in the backend.
     */
    public boolean writerFacing() {
        return writerFacing;
    }

    public static Optional<EventType> fromTypeName(String typeName) {
        return Optional.ofNullable(BY_TYPE_NAME.get(typeName));
    }

    @Override
    public String toString() {
        return typeName;
    }
}
