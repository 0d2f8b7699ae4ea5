package io.fabula.application.notification;

import io.fabula.domain.event.DomainEvent;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Turns a session event into notifications (SPEC §9): a stage awaiting the writer's review, a finished or a failed
 * session ({@link Trigger}); every other event is ignored. Fed by the consumer of {@code genesis.session.events};
 * Kafka delivers at least once, the {@link NotificationInbox} makes the effect happen once per event id.
 */
public final class NotifySessionEvent {

    /** The consumer group, and its name in {@code consumer_dedup}. */
    public static final String CONSUMER = "fabula-notifier";

    private final NotificationInbox inbox;
    private final NotificationPolicy policy;

    public NotifySessionEvent(NotificationInbox inbox, NotificationPolicy policy) {
        this.inbox = Objects.requireNonNull(inbox, "inbox");
        this.policy = Objects.requireNonNull(policy, "policy");
    }

    /**
     * @return the rows created; empty for an event that notifies nobody or was handled before
     * @throws RuntimeException when the store fails: nothing was written, the consumer must not commit the offset
     */
    public List<NewNotification> handle(DomainEvent event) {
        Optional<Trigger> trigger = Trigger.of(event);
        if (trigger.isEmpty()) {
            return List.of();
        }
        Trigger cause = trigger.get();
        return inbox.recordOnce(CONSUMER, event.eventId().value(), cause.user(), Optional.of(cause.session()),
                (recipient, title) -> policy.forSession(cause, recipient, title));
    }
}
