package io.fabula.application.live;

import io.fabula.domain.id.SessionId;
import io.fabula.domain.id.UserId;
import io.fabula.domain.stage.Stage;
import java.util.Objects;

/**
 * A piece of text an agent is writing right now, for the writer to watch it appear.
 *
 * @param runId    the agent run (one generation) the delta belongs to
 * @param sequence 0, 1, 2, ... within the run, so a client can put deltas in order
 * @param last     true on the run's final delta (whose text may be empty)
 */
public record TokenDelta(SessionId sessionId, UserId userId, Stage stage, String capability, String runId,
                         int sequence, String text, boolean last) {
    public TokenDelta {
        Objects.requireNonNull(sessionId, "session id");
        Objects.requireNonNull(userId, "user id");
        Objects.requireNonNull(stage, "stage");
        Objects.requireNonNull(capability, "capability");
        Objects.requireNonNull(runId, "run id");
        Objects.requireNonNull(text, "text");
    }
}
