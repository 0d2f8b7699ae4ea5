package io.fabula.application.notification;

import io.fabula.domain.event.DomainEvent;
import io.fabula.domain.event.EventPayload.Attributes;
import io.fabula.domain.event.EventType;
import io.fabula.domain.id.SessionId;
import io.fabula.domain.id.UserId;
import io.fabula.domain.stage.Stage;
import java.util.Objects;
import java.util.Optional;

/**
 * A session event a writer is told about (SPEC §9), or nothing.
 *
 * @param reason why the session failed; empty for the other kinds
 */
public record Trigger(NotificationKind kind, UserId user, SessionId session, Stage stage, String reason) {

    /** The verdict a review carries when the proposal passed the quality gate and now waits for the writer. */
    static final String PASSED_REVIEW = "PROPOSE";

    public Trigger {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(session, "session");
        Objects.requireNonNull(stage, "stage");
        reason = reason == null ? "" : reason;
    }

    /**
     * Which notification {@code event} causes:
     * <ul>
     *   <li>a review ({@code ReviewCompleted}, {@code World.ValidationCompleted}) with verdict PROPOSE: the proposal
     *       passed the quality gate and the stage awaits the writer's review — STAGE_AWAITING_REVIEW. A proposal
     *       alone does not notify: the quality gate may still send it back, and the writer would be called for
     *       nothing;</li>
     *   <li>{@code Finished}: SESSION_FINISHED;</li>
     *   <li>{@code Failed}: SESSION_FAILED with the event's reason;</li>
     *   <li>anything else: nothing.</li>
     * </ul>
     */
    public static Optional<Trigger> of(DomainEvent event) {
        var payload = event.payload();
        NotificationKind kind = switch (event.type()) {
            case REVIEW_COMPLETED, WORLD_VALIDATION_COMPLETED ->
                    PASSED_REVIEW.equals(payload.attribute(Attributes.VERDICT)) ? NotificationKind.STAGE_AWAITING_REVIEW : null;
            case FINISHED -> NotificationKind.SESSION_FINISHED;
            case FAILED -> NotificationKind.SESSION_FAILED;
            default -> null;
        };
        if (kind == null) {
            return Optional.empty();
        }
        String reason = event.type() == EventType.FAILED ? payload.attribute(Attributes.REASON) : null;
        return Optional.of(new Trigger(kind, payload.userId(), payload.sessionId(), payload.stage(), reason));
    }
}
