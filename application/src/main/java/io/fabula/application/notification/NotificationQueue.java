package io.fabula.application.notification;

import java.time.Duration;
import java.util.List;

/**
 * The PENDING rows of {@code notifications} as a work queue for {@link DeliverNotifications}. Each method is one
 * short statement; several senders may work side by side.
 */
public interface NotificationQueue {

    /**
     * Claims up to {@code max} due PENDING rows of {@code channel}, oldest first, skipping rows another sender holds
     * ({@code FOR UPDATE SKIP LOCKED}); a claimed row is not due again for {@code lease}, so a sender that dies
     * mid-send leaves it to another after the lease. Rows waiting for the digest (delivery DIGEST) are never claimed.
     *
     * @param immediate for EMAIL: false claims only digest mails (kind DAILY_DIGEST), true every IMMEDIATE mail
     */
    List<PendingNotification> claim(Channel channel, boolean immediate, int max, Duration lease);

    /** Delivered: SENT with the time. Idempotent. */
    void markSent(NotificationId id);

    /** A transient failure: stays PENDING, one more attempt recorded with the error, due again after {@code delay}. */
    void retryLater(NotificationId id, Duration delay, String error);

    /** A permanent failure: FAILED with the error; never tried again. */
    void fail(NotificationId id, String error);

    /** Claimed but not tried (the batch stopped): due again now, no attempt recorded. */
    void release(List<NotificationId> ids);

    /** PENDING rows of {@code channel}, digest-waiting mails included. */
    long pendingCount(Channel channel);
}
