package io.fabula.application.notification;

import io.fabula.domain.failure.Failure;
import java.time.Duration;

/**
 * What the sender reports, once, where it handles it: the app logs these (with the notification id, never the
 * address or the body) and counts them as metrics.
 */
public interface DeliveryEvents {

    void sent(PendingNotification notification);

    /** A transient failure: the row stays PENDING and is due again after {@code delay}. */
    void retrying(PendingNotification notification, Failure failure, Duration delay);

    /** A permanent failure: the row is FAILED. */
    void failed(PendingNotification notification, String reason);

    /** The SMTP failure streak went above the threshold and {@code EMAIL_ENABLED} was tripped. */
    void emailTripped(int streak, String reason);

    /** Reports nothing (tests). */
    DeliveryEvents NONE = new DeliveryEvents() {
        @Override
        public void sent(PendingNotification notification) {
        }

        @Override
        public void retrying(PendingNotification notification, Failure failure, Duration delay) {
        }

        @Override
        public void failed(PendingNotification notification, String reason) {
        }

        @Override
        public void emailTripped(int streak, String reason) {
        }
    };
}
