package io.fabula.application.notification;

import io.fabula.domain.id.SessionId;
import io.fabula.domain.id.UserId;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/** Test data for the notification tests. */
final class Fixtures {
    static final UserId LIN = new UserId(UUID.fromString("00000000-0000-7000-8000-000000000001"));
    static final SessionId TIDE = new SessionId(UUID.fromString("00000000-0000-7000-8000-0000000000a1"));
    private static final AtomicLong SEQUENCE = new AtomicLong();

    private Fixtures() {
    }

    static UUID nextId() {
        return new UUID(0x0000_0000_0000_7000L, 0x8000_0000_0000_0000L | SEQUENCE.incrementAndGet());
    }

    /** Values for every placeholder of every template. */
    static Map<String, Object> params() {
        Map<String, Object> values = new HashMap<>();
        values.put("name", "Lin");
        values.put("sessionTitle", "Tide");
        values.put("stage", "WORLD");
        values.put("reason", "the model kept failing");
        values.put("reviewUrl", "https://fabula.example/sessions/1/review");
        values.put("sessionUrl", "https://fabula.example/sessions/1");
        values.put("unsubscribeUrl", "https://fabula.example/settings/notifications");
        values.put("date", "2026-11-23");
        values.put("count", "1");
        values.put("items", List.of("Tide is finished"));
        values.put("appUrl", "https://fabula.example/");
        return values;
    }

    static PendingNotification mail(NotificationKind kind, Instant createdAt) {
        return new PendingNotification(new NotificationId(nextId()), LIN, TIDE, kind, Channel.EMAIL, Delivery.IMMEDIATE,
                "en", "Stage WORLD of \"Tide\" awaits your review", "Confirm it.", params(), "lin@example.com", 0,
                createdAt);
    }

    static PendingNotification inApp(Instant createdAt) {
        return new PendingNotification(new NotificationId(nextId()), LIN, TIDE, NotificationKind.SESSION_FINISHED,
                Channel.IN_APP, Delivery.IMMEDIATE, "en", "\"Tide\" is finished", "All six stages are locked.",
                params(), "lin@example.com", 0, createdAt);
    }
}
