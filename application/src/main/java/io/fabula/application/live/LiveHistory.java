package io.fabula.application.live;

import io.fabula.domain.id.UserId;
import java.util.List;
import java.util.Objects;

/**
 * The read side of a writer's bounded history (SPEC §6: a Redis stream per user, maxlen 1000), from which
 * SSE connections are served: live after a wake-up, and back-filled after a reconnect.
 * Every method throws {@link LiveUnavailable} when the store cannot answer.
 */
public interface LiveHistory {

    /** At most {@code limit} messages published after {@code after} (exclusive), oldest first. */
    List<LiveEntry> after(UserId user, StreamPosition after, int limit);

    /** The newest {@code limit} messages, oldest first. */
    List<LiveEntry> latest(UserId user, int limit);

    /** Where to read from so that the newest {@code count} messages come next (a new connection's replay). */
    StreamPosition beforeLatest(UserId user, int count);

    /**
     * Where a connection that last saw {@code lastSeen} reads from. Without a gap that is {@code lastSeen}
     * itself; when more than {@code max} messages were missed, or some were trimmed away, it is the position
     * before the newest {@code max}, and {@link Backfill#gap()} says that older ones are lost to this client.
     */
    Backfill backfill(UserId user, StreamPosition lastSeen, int max);

    record Backfill(StreamPosition from, boolean gap) {
        public Backfill {
            Objects.requireNonNull(from, "from");
        }
    }
}
