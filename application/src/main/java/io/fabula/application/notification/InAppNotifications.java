package io.fabula.application.notification;

import io.fabula.domain.id.UserId;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/** The writer's own in-app notifications and settings ({@code GET /api/v1/notifications} and friends). */
public interface InAppNotifications {

    /**
     * One page of {@code user}'s IN_APP notifications, newest first.
     *
     * @param offset rows skipped (0 for the first page)
     */
    Page list(UserId user, boolean unreadOnly, int offset, int limit);

    /**
     * Marks {@code id} read at {@code at} if it is an IN_APP notification of {@code user}; already read stays read
     * with its first time.
     *
     * @return false when there is no such notification of this user (another user's is "not found" too)
     */
    boolean markRead(UserId user, NotificationId id, Instant at);

    /** The user's settings; defaults where they chose nothing. */
    Preferences preferences(UserId user);

    /** Replaces the user's settings (every kind in {@code preferences} is stored). */
    void savePreferences(UserId user, Preferences preferences);

    /** @param total the rows matching the filter; {@code unread} the user's unread rows whatever the filter */
    record Page(List<InAppNotification> items, long total, long unread) {
        public Page {
            items = List.copyOf(Objects.requireNonNull(items, "items"));
        }
    }
}
