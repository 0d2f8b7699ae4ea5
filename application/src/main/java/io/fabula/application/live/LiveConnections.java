package io.fabula.application.live;

import io.fabula.domain.id.UserId;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * How many SSE connections each writer holds across all instances (SPEC §6: at most 2; the third is
 * refused; a tab that reconnects replaces its own older connection). Connections are leases that their
 * instance renews; a dead instance's leases lapse by themselves. Every method throws
 * {@link LiveUnavailable} when the store cannot answer.
 */
public interface LiveConnections {

    /**
     * Counts a new connection in, if it fits. Connections of the same {@code tab} are replaced first:
     * they are removed and their close is signalled to the instance holding them.
     */
    Admission admit(UserId user, String connectionId, Optional<String> tab, int maxPerUser);

    /** Whether {@link #admit} would admit now, changing nothing ({@code preflight=true}). */
    boolean wouldAdmit(UserId user, Optional<String> tab, int maxPerUser);

    /** Renews the leases of the connections this instance holds, by writer (called with every ping). */
    void renew(Map<UserId, List<String>> connectionsByUser);

    /** Counts a connection out. Idempotent. */
    void release(UserId user, String connectionId);

    sealed interface Admission {
        record Admitted(List<String> replaced) implements Admission {
            public Admitted {
                replaced = List.copyOf(replaced);
            }
        }

        record Refused(int open) implements Admission { }
    }

    /** A tab id as sent by a browser: short, printable, no separators. */
    static Optional<String> tab(String header) {
        if (header == null || header.isBlank()) {
            return Optional.empty();
        }
        String tab = header.strip();
        if (tab.length() > 64 || !tab.chars().allMatch(c -> c > 32 && c < 127 && c != '|')) {
            throw new IllegalArgumentException("X-Tab-ID must be 1 to 64 printable ASCII characters without '|'");
        }
        return Optional.of(Objects.requireNonNull(tab));
    }
}
