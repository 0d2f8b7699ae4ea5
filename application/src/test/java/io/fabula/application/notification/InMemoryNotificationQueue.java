package io.fabula.application.notification;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@link NotificationQueue} in memory with a manual clock: what the sender did to each row is kept for assertions. */
final class InMemoryNotificationQueue implements NotificationQueue {

    enum Status { PENDING, SENT, FAILED }

    static final class Row {
        PendingNotification notification;
        Status status = Status.PENDING;
        Instant due;
        int attempts;
        String lastError;
        Duration lastDelay;

        Row(PendingNotification notification, Instant due) {
            this.notification = notification;
            this.due = due;
        }
    }

    final Map<NotificationId, Row> rows = new LinkedHashMap<>();
    Instant now = Instant.parse("2026-11-23T09:00:00Z");

    void add(PendingNotification notification) {
        rows.put(notification.id(), new Row(notification, now));
    }

    Row row(NotificationId id) {
        return rows.get(id);
    }

    void advance(Duration duration) {
        now = now.plus(duration);
    }

    @Override
    public List<PendingNotification> claim(Channel channel, boolean immediate, int max, Duration lease) {
        List<PendingNotification> claimed = new ArrayList<>();
        rows.values().stream()
                .filter(r -> r.status == Status.PENDING && r.notification.channel() == channel
                        && r.notification.delivery() == Delivery.IMMEDIATE && !r.due.isAfter(now)
                        && (immediate || r.notification.kind() == NotificationKind.DAILY_DIGEST))
                .sorted(Comparator.comparing(r -> r.notification.createdAt()))
                .limit(max)
                .forEach(r -> {
                    r.due = now.plus(lease);
                    claimed.add(withAttempts(r));
                });
        return claimed;
    }

    private static PendingNotification withAttempts(Row r) {
        PendingNotification n = r.notification;
        return new PendingNotification(n.id(), n.user(), n.session(), n.kind(), n.channel(), n.delivery(), n.language(),
                n.title(), n.body(), n.params(), n.email(), r.attempts, n.createdAt());
    }

    @Override
    public void markSent(NotificationId id) {
        rows.get(id).status = Status.SENT;
    }

    @Override
    public void retryLater(NotificationId id, Duration delay, String error) {
        Row r = rows.get(id);
        r.attempts++;
        r.lastError = error;
        r.lastDelay = delay;
        r.due = now.plus(delay);
    }

    @Override
    public void fail(NotificationId id, String error) {
        Row r = rows.get(id);
        r.attempts++;
        r.lastError = error;
        r.status = Status.FAILED;
    }

    @Override
    public void release(List<NotificationId> ids) {
        ids.forEach(id -> rows.get(id).due = now);
    }

    @Override
    public long pendingCount(Channel channel) {
        return rows.values().stream().filter(r -> r.status == Status.PENDING && r.notification.channel() == channel).count();
    }
}
