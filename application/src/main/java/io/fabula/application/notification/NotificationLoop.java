package io.fabula.application.notification;

import java.util.Objects;
import java.util.function.Consumer;

/**
 * Runs the sender until interrupted: a delivery round, the digest when due, and a pause of the poll interval unless
 * the round had more work waiting. A failing round (database down) is reported and retried after the interval.
 */
public final class NotificationLoop implements Runnable {

    private final DeliverNotifications deliver;
    private final ComposeDailyDigest digest;
    private final NotificationSettings settings;
    private final Consumer<RuntimeException> onError;

    public NotificationLoop(DeliverNotifications deliver, ComposeDailyDigest digest, NotificationSettings settings,
                            Consumer<RuntimeException> onError) {
        this.deliver = Objects.requireNonNull(deliver, "deliver");
        this.digest = Objects.requireNonNull(digest, "digest");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.onError = Objects.requireNonNull(onError, "onError");
    }

    @Override
    public void run() {
        while (!Thread.currentThread().isInterrupted()) {
            boolean more = false;
            try {
                digest.handle();
                more = deliver.handle().more();
            } catch (RuntimeException e) {
                onError.accept(e);
            }
            if (!more) {
                try {
                    Thread.sleep(settings.pollInterval().toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }
}
