package io.fabula.application.relay;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** A bus that keeps what it was given and refuses the ids it is told to. */
final class RecordingPublisher implements EventPublisher {
    final List<OutboxMessage> published = new ArrayList<>();
    final Set<Long> refusing = ConcurrentHashMap.newKeySet();
    boolean down;
    boolean throwing;

    @Override
    public synchronized List<Failure> publish(List<OutboxMessage> messages) {
        if (throwing) {
            throw new IllegalStateException("producer closed");
        }
        List<Failure> failures = new ArrayList<>();
        for (OutboxMessage message : messages) {
            if (down) {
                failures.add(new Failure(message.id(), "broker unreachable", true));
            } else if (refusing.contains(message.id())) {
                failures.add(new Failure(message.id(), "broker unreachable"));
            } else {
                published.add(message);
            }
        }
        return failures;
    }

    synchronized List<Long> publishedIds() {
        return published.stream().map(OutboxMessage::id).toList();
    }
}
