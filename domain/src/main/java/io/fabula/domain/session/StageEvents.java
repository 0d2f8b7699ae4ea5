package io.fabula.domain.session;

import io.fabula.domain.event.EventType;
import io.fabula.domain.stage.Stage;

import java.util.Optional;

import static io.fabula.domain.event.EventType.*;

/** Which event each stage uses for each step: one row per stage, read across. */
enum StageEvents {
    //          requested            first proposal     later proposal     confirmation extra          review
    CONCEPT(    SEED_REQUESTED,      CONCEPT_PROPOSED,  CONCEPT_PROPOSED,  CONCEPT_CONFIRMED,          REVIEW_COMPLETED),
    THEME(      THEME_REQUESTED,     THEME_PROPOSED,    THEME_REVISED,     THEME_CONFIRMED,            REVIEW_COMPLETED),
    WORLD(      WORLD_REQUESTED,     WORLD_CREATED,     WORLD_UPDATED,     null,                       WORLD_VALIDATION_COMPLETED),
    CHARACTERS( CHARACTER_REQUESTED, CHARACTER_CREATED, CHARACTER_UPDATED, CHARACTER_NETWORK_CREATED,  REVIEW_COMPLETED),
    PLOT(       PLOT_REQUESTED,      PLOT_CREATED,      PLOT_CREATED,      null,                       REVIEW_COMPLETED),
    DETAILS(    DETAILS_REQUESTED,   DETAILS_COMPLETED, DETAILS_COMPLETED, null,                       REVIEW_COMPLETED);

    final EventType requested;
    final EventType firstProposal;
    final EventType laterProposal;
    private final EventType confirmed;
    final EventType reviewed;

    StageEvents(EventType requested, EventType firstProposal, EventType laterProposal, EventType confirmed,
                EventType reviewed) {
        this.requested = requested;
        this.firstProposal = firstProposal;
        this.laterProposal = laterProposal;
        this.confirmed = confirmed;
        this.reviewed = reviewed;
    }

    Optional<EventType> confirmed() {
        return Optional.ofNullable(confirmed);
    }

    static StageEvents of(Stage stage) {
        return valueOf(stage.name());
    }
}
