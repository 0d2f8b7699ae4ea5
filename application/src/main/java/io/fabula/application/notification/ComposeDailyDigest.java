package io.fabula.application.notification;

import io.fabula.application.switches.Switch;
import io.fabula.application.switches.Switches;
import io.fabula.domain.id.UserId;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Objects;

/**
 * The daily digest (SPEC §9): once a day, from the configured hour (UTC), each user with waiting mails gets one digest
 * mail listing them; the waiting rows are marked DIGESTED and the digest row goes out through the sender like any
 * immediate mail. Waiting means delivery DIGEST — and, while {@code IMMEDIATE_ENABLED} is off, IMMEDIATE too.
 *
 * <p>Idempotent per day: the store keeps one digest per user and day (a unique index), so a restart, a second
 * process or a second call the same day adds nothing; mails that arrive after the day's digest wait for the next
 * day's. The in-memory "done today" only saves the queries.
 */
public final class ComposeDailyDigest {

    private final DigestStore store;
    private final NotificationPolicy policy;
    private final Switches switches;
    private final Clock clock;
    private final int digestHour;
    private volatile LocalDate done;

    public ComposeDailyDigest(DigestStore store, NotificationPolicy policy, Switches switches, Clock clock, int digestHour) {
        this.store = Objects.requireNonNull(store, "store");
        this.policy = Objects.requireNonNull(policy, "policy");
        this.switches = Objects.requireNonNull(switches, "switches");
        this.clock = Objects.requireNonNull(clock, "clock");
        if (digestHour < 0 || digestHour > 23) {
            throw new IllegalArgumentException("digest hour must be within 0..23: " + digestHour);
        }
        this.digestHour = digestHour;
    }

    /** Composes today's digests if the digest hour has come and they were not composed yet; returns how many. */
    public int handle() {
        Instant now = clock.instant();
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        if (today.equals(done) || now.isBefore(today.atTime(digestHour, 0).toInstant(ZoneOffset.UTC))) {
            return 0;
        }
        int composed = composeFor(today, now);
        done = today; // only once every user was handled: a failure above is retried next round
        return composed;
    }

    /** The digests of {@code day}, each grouping the mails waiting since before {@code cutoff}; returns how many. */
    public int composeFor(LocalDate day, Instant cutoff) {
        boolean includeImmediate = !switches.isOn(Switch.IMMEDIATE_ENABLED);
        int composed = 0;
        for (UserId user : store.usersWithWaitingMail(cutoff, includeImmediate)) {
            if (store.compose(user, day, cutoff, includeImmediate, (recipient, waiting) -> policy.digest(recipient, day,
                    waiting.stream().map(PendingNotification::title).toList())).isPresent()) {
                composed++;
            }
        }
        return composed;
    }
}
