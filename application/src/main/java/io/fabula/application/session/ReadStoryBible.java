package io.fabula.application.session;

import io.fabula.application.port.out.SessionRecord;
import io.fabula.application.port.out.UnitOfWork;
import io.fabula.domain.event.DomainEvent;
import io.fabula.domain.event.EventType;
import io.fabula.domain.id.SessionId;
import io.fabula.domain.id.UserId;
import io.fabula.domain.stage.Stage;
import io.fabula.domain.stage.StageState;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Reads the story bible from a session's events: for each LOCKED stage, the content of the newest
 * proposal of that stage (the one the writer confirmed; a reopened stage is not locked until it is
 * confirmed again). Empty for a session that does not exist or belongs to another writer.
 */
public final class ReadStoryBible {
    /** The events that carry a stage's proposed content (reviews and requests do not). */
    static final Set<EventType> PROPOSALS = Set.of(EventType.CONCEPT_PROPOSED, EventType.THEME_PROPOSED,
            EventType.THEME_REVISED, EventType.WORLD_CREATED, EventType.WORLD_UPDATED, EventType.CHARACTER_CREATED,
            EventType.CHARACTER_UPDATED, EventType.PLOT_CREATED, EventType.DETAILS_COMPLETED);

    private final UnitOfWork unitOfWork;

    public ReadStoryBible(UnitOfWork unitOfWork) {
        this.unitOfWork = Objects.requireNonNull(unitOfWork, "unit of work");
    }

    public Optional<StoryBible> handle(SessionId id, UserId reader) {
        return unitOfWork.transact(stores -> stores.sessions().find(id)
                .filter(session -> session.owner().equals(reader))
                .map(session -> bible(session, stores.events().history(id))));
    }

    static StoryBible bible(SessionRecord session, List<DomainEvent> history) {
        Map<Stage, DomainEvent> latest = new EnumMap<>(Stage.class);
        for (DomainEvent event : history) {
            if (PROPOSALS.contains(event.type()) && event.payload().content() != null) {
                latest.put(event.payload().stage(), event);
            }
        }
        List<StoryBible.Entry> entries = new ArrayList<>();
        for (Stage stage : Stage.values()) {
            StageState state = session.stages().getOrDefault(stage, StageState.NOT_STARTED);
            DomainEvent proposal = state == StageState.LOCKED ? latest.get(stage) : null;
            entries.add(new StoryBible.Entry(stage, state, proposal == null ? null : proposal.payload().content(),
                    proposal == null ? null : proposal.payload().qualityScore()));
        }
        return new StoryBible(session.id(), session.novelId(), session.status(), session.version(), entries);
    }
}
