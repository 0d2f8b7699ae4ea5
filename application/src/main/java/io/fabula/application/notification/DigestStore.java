package io.fabula.application.notification;

import io.fabula.domain.id.UserId;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

/** Groups a user's waiting mails into the day's digest ({@link ComposeDailyDigest}). */
public interface DigestStore {

    /** Users with mails eligible for a digest: PENDING EMAIL rows created before {@code cutoff} (see {@link #compose}). */
    List<UserId> usersWithWaitingMail(Instant cutoff, boolean includeImmediate);

    /**
     * In one transaction: unless {@code user} already has a digest for {@code day}, takes their PENDING, not leased
     * EMAIL rows created before {@code cutoff} — delivery DIGEST, and IMMEDIATE too when {@code includeImmediate} —
     * asks {@code compose} for the digest row, inserts it PENDING for {@code day}, and marks the rows DIGESTED with
     * the digest's id. One digest per user and day (a unique index), also with several composers at once.
     *
     * @return the digest inserted, or empty when the user had one for the day already or nothing was waiting
     */
    Optional<NewNotification> compose(UserId user, LocalDate day, Instant cutoff, boolean includeImmediate,
                                      Composer compose);

    @FunctionalInterface
    interface Composer {
        /** @param waiting the rows grouped, oldest first */
        NewNotification digest(Recipient recipient, List<PendingNotification> waiting);
    }
}
