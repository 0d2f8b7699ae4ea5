package io.fabula.adapters.out.redis;

import io.fabula.domain.id.SessionId;
import io.fabula.domain.id.UserId;

/**
 * Redis keys of the live feed. A writer's keys share the hash tag {@code {u:<id>}} so the scripts that
 * touch several of them stay on one slot if Redis is ever clustered.
 */
final class LiveKeys {
    /** The one pub/sub channel every instance listens to (wake-ups, token deltas, close requests). */
    static final String SIGNALS = "fabula:live:signals";

    private LiveKeys() {
    }

    /** The writer's bounded history: a stream, maxlen ~1000 (SPEC §6). */
    static String history(UserId user) {
        return "fabula:live:{u:" + user + "}:history";
    }

    /** Marks a message id as published, for dedup. */
    static String seen(UserId user, String messageId) {
        return "fabula:live:{u:" + user + "}:seen:" + messageId;
    }

    /** The writer's open SSE connections: hash connection id → "tab|lease expiry ms". */
    static String connections(UserId user) {
        return "fabula:live:{u:" + user + "}:connections";
    }

    static String ticket(String ticket) {
        return "fabula:live:ticket:" + ticket;
    }

    /** A session's token stream (SPEC §3 step 4: XADD per session). */
    static String tokens(SessionId session) {
        return "fabula:tokens:{s:" + session + "}";
    }

    static String quota(String subject) {
        return "fabula:quota:" + subject;
    }
}
