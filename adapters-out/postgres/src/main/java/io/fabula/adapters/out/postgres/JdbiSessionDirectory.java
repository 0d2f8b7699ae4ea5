package io.fabula.adapters.out.postgres;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabula.application.port.out.SessionDirectory;
import io.fabula.application.port.out.SessionRecord;
import io.fabula.domain.id.NovelId;
import io.fabula.domain.id.SessionId;
import io.fabula.domain.id.UserId;
import io.fabula.domain.session.SessionStatus;
import io.fabula.domain.stage.Stage;
import io.fabula.domain.stage.StageState;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;

/**
 * Keyset pages over {@code conversation_sessions} by {@code (created_at, id)} descending, served by the
 * {@code conversation_sessions_user_idx} index: a page costs the same however deep it is.
 */
public final class JdbiSessionDirectory implements SessionDirectory {
    private final Jdbi jdbi;

    public JdbiSessionDirectory(Jdbi jdbi) {
        this.jdbi = Objects.requireNonNull(jdbi, "jdbi");
    }

    @Override
    public List<SessionRecord> ownedBy(UserId owner, Optional<SessionId> after, int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be positive: " + limit);
        }
        String keyset = after.isEmpty() ? "" : " and (s.created_at, s.id) < (select a.created_at, a.id"
                + " from conversation_sessions a where a.id = :after and a.user_id = :owner)";
        String sql = "select s.id, s.scope_id, s.user_id, s.status, s.stage, s.stage_states::text as stage_states,"
                + " s.state::text as state, s.version from conversation_sessions s where s.user_id = :owner" + keyset
                + " order by s.created_at desc, s.id desc limit :limit";
        return jdbi.withHandle(handle -> {
            var query = handle.createQuery(sql)
                    .bind("owner", owner.value())
                    .bind("limit", limit);
            after.ifPresent(id -> query.bind("after", id.value()));
            return query.map((rs, ctx) -> {
                Map<Stage, StageState> stages = new EnumMap<>(Stage.class);
                Json.read(rs.getString("stage_states")).fields().forEachRemaining(
                        field -> stages.put(Stage.valueOf(field.getKey()), StageState.valueOf(field.getValue().asText())));
                JsonNode state = Json.read(rs.getString("state"));
                return new SessionRecord(new SessionId(rs.getObject("id", UUID.class)),
                        new NovelId(rs.getObject("scope_id", UUID.class)), new UserId(rs.getObject("user_id", UUID.class)),
                        SessionStatus.valueOf(rs.getString("status")), Stage.valueOf(rs.getString("stage")), stages,
                        rs.getLong("version"), state.path("last_sequence").asLong(), state.path("regenerations").asInt());
            }).list();
        });
    }
}
