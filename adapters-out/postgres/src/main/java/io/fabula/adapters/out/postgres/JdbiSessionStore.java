package io.fabula.adapters.out.postgres;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabula.application.port.out.BranchPoint;
import io.fabula.application.port.out.SessionRecord;
import io.fabula.application.port.out.SessionStore;
import io.fabula.application.port.out.StoreConflict;
import io.fabula.domain.id.NovelId;
import io.fabula.domain.id.SessionId;
import io.fabula.domain.id.UserId;
import io.fabula.domain.session.SessionStatus;
import io.fabula.domain.stage.Stage;
import io.fabula.domain.stage.StageState;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.StatementException;

/** {@code conversation_sessions}: the session snapshot and its version, checked on every update. */
final class JdbiSessionStore implements SessionStore {
    private final Handle handle;

    JdbiSessionStore(Handle handle) {
        this.handle = handle;
    }

    @Override
    public Optional<SessionRecord> find(SessionId id) {
        return handle.createQuery("""
                        select id, scope_id, user_id, status, stage, stage_states::text as stage_states,
                               state::text as state, version
                        from conversation_sessions where id = :id""")
                .bind("id", id.value())
                .map((rs, ctx) -> {
                    Map<Stage, StageState> stages = new EnumMap<>(Stage.class);
                    Json.read(rs.getString("stage_states")).fields().forEachRemaining(
                            field -> stages.put(Stage.valueOf(field.getKey()), StageState.valueOf(field.getValue().asText())));
                    JsonNode state = Json.read(rs.getString("state"));
                    return new SessionRecord(new SessionId(rs.getObject("id", UUID.class)),
                            new NovelId(rs.getObject("scope_id", UUID.class)), new UserId(rs.getObject("user_id", UUID.class)),
                            SessionStatus.valueOf(rs.getString("status")), Stage.valueOf(rs.getString("stage")), stages,
                            rs.getLong("version"), state.path("last_sequence").asLong(), state.path("regenerations").asInt());
                })
                .findOne();
    }

    @Override
    public void save(SessionRecord session, long previousVersion) {
        if (previousVersion == 0) {
            insert(session);
            return;
        }
        int updated = handle.createUpdate("""
                        update conversation_sessions
                        set status = :status, stage = :stage, stage_states = cast(:stageStates as jsonb),
                            state = cast(:state as jsonb), version = :version, updated_at = now()
                        where id = :id and version = :previousVersion""")
                .bind("id", session.id().value())
                .bind("status", session.status().name())
                .bind("stage", session.currentStage().name())
                .bind("stageStates", stageStates(session))
                .bind("state", state(session))
                .bind("version", session.version())
                .bind("previousVersion", previousVersion)
                .execute();
        if (updated == 0) {
            long current = handle.createQuery("select version from conversation_sessions where id = :id")
                    .bind("id", session.id().value()).mapTo(Long.class).findOne().orElse(0L);
            throw new StoreConflict(StoreConflict.Reason.STALE_VERSION, current,
                    "session " + session.id() + " is at version " + current + ", not " + previousVersion);
        }
    }

    @Override
    public void saveBranch(SessionRecord branch, BranchPoint from) {
        insert(branch);
        handle.createUpdate("""
                        update conversation_sessions
                        set parent_session_id = :parent, branched_from_round = :round, branched_from_path = :path
                        where id = :id""")
                .bind("id", branch.id().value())
                .bind("parent", from.parent().value())
                .bind("round", from.fromRound())
                .bind("path", from.fromRoundPath())
                .execute();
    }

    @Override
    public Optional<BranchPoint> branchPoint(SessionId id) {
        return handle.createQuery("""
                        select parent_session_id, branched_from_round, branched_from_path
                        from conversation_sessions where id = :id and parent_session_id is not null""")
                .bind("id", id.value())
                .map((rs, ctx) -> new BranchPoint(new SessionId(rs.getObject("parent_session_id", UUID.class)),
                        rs.getLong("branched_from_round"), rs.getString("branched_from_path")))
                .findOne();
    }

    private void insert(SessionRecord session) {
        try {
            handle.createUpdate("""
                            insert into conversation_sessions
                                (id, scope_type, scope_id, user_id, status, stage, stage_states, state, version)
                            values (:id, 'NOVEL', :scopeId, :userId, :status, :stage, cast(:stageStates as jsonb),
                                    cast(:state as jsonb), :version)""")
                    .bind("id", session.id().value())
                    .bind("scopeId", session.novelId().value())
                    .bind("userId", session.owner().value())
                    .bind("status", session.status().name())
                    .bind("stage", session.currentStage().name())
                    .bind("stageStates", stageStates(session))
                    .bind("state", state(session))
                    .bind("version", session.version())
                    .execute();
        } catch (StatementException e) {
            if (UniqueViolation.constraintOf(e).isPresent()) {
                throw new StoreConflict(StoreConflict.Reason.SESSION_EXISTS, 0, "session " + session.id() + " exists");
            }
            throw e;
        }
    }

    private static String stageStates(SessionRecord session) {
        Map<String, String> states = new LinkedHashMap<>();
        for (Stage stage : Stage.values()) {
            states.put(stage.name(), session.stages().getOrDefault(stage, StageState.NOT_STARTED).name());
        }
        return Json.write(states);
    }

    private static String state(SessionRecord session) {
        return Json.write(Map.of("last_sequence", session.lastSequence(), "regenerations", session.regenerations()));
    }
}
