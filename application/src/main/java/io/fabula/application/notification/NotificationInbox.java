package io.fabula.application.notification;

import io.fabula.domain.id.SessionId;
import io.fabula.domain.id.UserId;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Where notifications are created ({@code notifications}, the outbox of notifications): exactly once per cause,
 * however often the cause is delivered.
 */
public interface NotificationInbox {

    /**
     * In one transaction: records {@code cause} for {@code consumer} ({@code consumer_dedup}), loads the recipient with
     * their preferences, asks {@code decide} for the rows and inserts them PENDING.
     *
     * @param cause   the event id (or another stable key of the cause, e.g. a budget warning's day and admin)
     * @param session the session whose seed idea titles the notification, if any
     * @return the rows inserted; empty when this cause was recorded before (nothing is written) or the user does not
     *         exist (the cause is still recorded, so it is not retried forever)
     * @throws RuntimeException when the database fails: nothing was written, the caller retries the cause
     */
    List<NewNotification> recordOnce(String consumer, UUID cause, UserId user, Optional<SessionId> session, Decide decide);

    /** The users with the admin role, who receive budget warnings. */
    List<UserId> admins();

    @FunctionalInterface
    interface Decide {
        /** @param sessionTitle the session's seed idea, when the session's start is stored */
        List<NewNotification> rows(Recipient recipient, Optional<String> sessionTitle);
    }
}
