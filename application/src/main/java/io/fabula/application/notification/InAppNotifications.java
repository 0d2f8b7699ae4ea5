package io.fabula.application.notification;

import io.fabula.domain.id.UserId;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** The writer's own in-app notifications and settings ({@code GET /api/v1/notifications} and friends). */
public interface InAppNotifications {

    /**
     * One page of {@code user}'s IN_APP notifications, newest first (by id: UUIDv7, so by creation time).
     *
     * @param after the last id of the previous page (keyset pagination: stable while new rows arrive); empty for the
     *              first page
     * @param limit at most this many rows
     */
    Page list(UserId user, boolean unreadOnly, Optional<NotificationId> after, int limit);

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

    /** @param unread the user's unread rows, whatever the filter and page */
    record Page(List<InAppNotification> items, long unread) {
        public Page {
            items = List.copyOf(Objects.requireNonNull(items, "items"));
        }
    }
}
