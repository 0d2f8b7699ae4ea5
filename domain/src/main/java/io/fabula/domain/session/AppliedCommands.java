package io.fabula.domain.session;

import io.fabula.domain.event.DomainEvent;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The session's memory of the commands it accepted most recently, keyed by idempotency key, with
 * the events each caused: a command seen again is answered from here and emits nothing.
 *
 * <p>Why only the last {@value #CAPACITY}: the memory lives in the aggregate (rebuilt from the
 * events' causation ids), so it must stay small. A command older than that is still never applied
 * twice: it was accepted at some version {@code v}, the session is now past {@code v}, so its
 * expected version is stale and it is rejected as a Conflict. Only commands sent with
 * {@link ExpectedVersion#any()} (worker results) rely on the stage state machine instead, which
 * refuses a second result for a stage that has moved on. The persistent {@code command_inbox}
 * keeps every result for as long as the API promises replays; this is the domain's own guarantee.
 * Rejections are not remembered: nothing changed, so deciding again is safe.
 */
final class AppliedCommands {
    static final int CAPACITY = 64;

    private final Map<String, Decision.Accepted> byKey = new LinkedHashMap<>();

    Optional<Decision.Accepted> find(String idempotencyKey) {
        return Optional.ofNullable(byKey.get(idempotencyKey));
    }

    void remember(String idempotencyKey, List<DomainEvent> events) {
        byKey.remove(idempotencyKey);
        byKey.put(idempotencyKey, new Decision.Accepted(events, false));
        if (byKey.size() > CAPACITY) {
            byKey.remove(byKey.keySet().iterator().next());
        }
    }
}
