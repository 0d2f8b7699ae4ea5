package io.fabula.application.notification;

import io.fabula.application.live.LiveFeed;
import io.fabula.application.live.LiveMessage;
import io.fabula.application.switches.Switch;
import io.fabula.application.switches.Switches;
import io.fabula.domain.failure.Backoff;
import io.fabula.domain.failure.Failure;
import io.fabula.domain.failure.FailureKind;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * One round of the notification sender (SPEC §9): push the pending IN_APP rows to the writers' live feed (SSE event
 * {@value #LIVE_EVENT}; a process without a live feed leaves them PENDING), then send the due EMAIL rows through the
 * {@link Mailer}.
 *
 * <ul>
 *   <li><b>Switches</b>, read every round: {@code EMAIL_ENABLED} off → no mail is sent, EMAIL rows stay PENDING
 *       (in-app still works); {@code IMMEDIATE_ENABLED} off → only digest mails are sent, IMMEDIATE mails wait for
 *       the digest ({@link ComposeDailyDigest}) or for the switch.</li>
 *   <li><b>Retries</b>: a Transient failure leaves the row PENDING with one more attempt, due again after
 *       {@link Backoff} (500 ms doubling to 30 s, jittered) — never dropped, however long the outage; the rest of the
 *       batch is released untried, since the server that just failed would most likely fail them too. A Validation
 *       failure (bad address, 5xx) marks the row FAILED: sending it again cannot help.</li>
 *   <li><b>Breaker</b>: more consecutive transient SMTP failures than the threshold trip {@code EMAIL_ENABLED} with the
 *       reason ({@link SmtpBreaker}); from then on rows wait until an operator (or a recovery check) switches mail
 *       back on, and then go out once each.</li>
 *   <li><b>Once</b>: a mail is marked SENT right after the server accepted it; a crash between the two sends it again
 *       after the lease, with the same Message-ID (see {@link Mailer}) — at least once, duplicates recognisable.</li>
 * </ul>
 * Exceptions of the queue (database down) propagate to the loop, which retries the round later.
 */
public final class DeliverNotifications {

    /** The SSE event name of a pushed notification (issue 10). */
    public static final String LIVE_EVENT = "notification";

    private final NotificationQueue queue;
    private final Mailer mailer;
    private final MailTemplates templates;
    private final Optional<LiveFeed> live;
    private final Switches switches;
    private final SmtpBreaker breaker;
    private final Backoff backoff;
    private final NotificationSettings settings;
    private final DeliveryEvents events;

    public DeliverNotifications(NotificationQueue queue, Mailer mailer, MailTemplates templates, Optional<LiveFeed> live,
                                Switches switches, SmtpBreaker breaker, Backoff backoff, NotificationSettings settings,
                                DeliveryEvents events) {
        this.queue = Objects.requireNonNull(queue, "queue");
        this.mailer = Objects.requireNonNull(mailer, "mailer");
        this.templates = Objects.requireNonNull(templates, "templates");
        this.live = Objects.requireNonNull(live, "live feed");
        this.switches = Objects.requireNonNull(switches, "switches");
        this.breaker = Objects.requireNonNull(breaker, "breaker");
        this.backoff = Objects.requireNonNull(backoff, "backoff");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.events = Objects.requireNonNull(events, "events");
    }

    /** What one round did; {@link #more()} when a batch came back full and untroubled, so the next round should not wait. */
    public record Round(int pushed, int mailed, int retried, int failed, boolean more) {
        static final Round NOTHING = new Round(0, 0, 0, 0, false);

        Round plus(Round other) {
            return new Round(pushed + other.pushed, mailed + other.mailed, retried + other.retried,
                    failed + other.failed, more || other.more);
        }
    }

    public Round handle() {
        return pushLive().plus(sendMail());
    }

    private Round pushLive() {
        if (live.isEmpty()) {
            return Round.NOTHING; // no live feed in this process: IN_APP rows wait (they are listed all the same)
        }
        LiveFeed feed = live.get();
        List<PendingNotification> claimed = queue.claim(Channel.IN_APP, true, settings.batchSize(), settings.lease());
        int pushed = 0;
        for (int i = 0; i < claimed.size(); i++) {
            PendingNotification row = claimed.get(i);
            try {
                feed.publish(row.user(), new LiveMessage(row.id().toString(), LIVE_EVENT, liveJson(row)));
            } catch (RuntimeException e) {
                // the live feed is down (Redis): the row waits, the writer still sees it in the list
                Failure failure = new Failure.Transient("live feed: " + describe(e));
                retry(row, failure);
                release(claimed.subList(i + 1, claimed.size()));
                return new Round(pushed, 0, 1, 0, false);
            }
            queue.markSent(row.id());
            events.sent(row);
            pushed++;
        }
        return new Round(pushed, 0, 0, 0, claimed.size() >= settings.batchSize());
    }

    private Round sendMail() {
        if (!switches.isOn(Switch.EMAIL_ENABLED)) {
            return Round.NOTHING;
        }
        boolean immediate = switches.isOn(Switch.IMMEDIATE_ENABLED);
        List<PendingNotification> claimed = queue.claim(Channel.EMAIL, immediate, settings.batchSize(), settings.lease());
        int mailed = 0;
        int failed = 0;
        for (int i = 0; i < claimed.size(); i++) {
            PendingNotification row = claimed.get(i);
            if (i > 0 && !switches.isOn(Switch.EMAIL_ENABLED)) {
                // switched off meanwhile (by an operator, or by another process's breaker)
                release(claimed.subList(i, claimed.size()));
                return new Round(0, mailed, 0, failed, false);
            }
            MailMessage message;
            try {
                message = compose(row);
            } catch (IllegalArgumentException e) {
                // a template value is missing or a text is unusable: a bug no retry cures
                queue.fail(row.id(), "cannot compose the mail: " + e.getMessage());
                events.failed(row, "cannot compose the mail: " + e.getMessage());
                failed++;
                continue;
            }
            MailResult result = mailer.send(message);
            if (result instanceof MailResult.Sent) {
                breaker.answered();
                queue.markSent(row.id());
                events.sent(row);
                mailed++;
                continue;
            }
            Failure failure = ((MailResult.Failed) result).failure();
            if (failure.kind() != FailureKind.TRANSIENT) {
                // this mail can never go (bad address, 5xx): not an outage, so the streak is left as it is
                queue.fail(row.id(), failure.reason());
                events.failed(row, failure.reason());
                failed++;
                continue;
            }
            retry(row, failure);
            if (breaker.failed()) {
                String reason = "SMTP: " + breaker.streak() + " consecutive failures (more than "
                        + breaker.threshold() + "); last: " + failure.reason();
                switches.trip(Switch.EMAIL_ENABLED, reason);
                events.emailTripped(breaker.streak(), reason);
            }
            release(claimed.subList(i + 1, claimed.size()));
            return new Round(0, mailed, 1, failed, false);
        }
        return new Round(0, mailed, 0, failed, claimed.size() >= settings.batchSize());
    }

    private MailMessage compose(PendingNotification row) {
        Locale locale = Locale.forLanguageTag(row.language());
        RenderedMail mail = templates.render(row.kind(), locale, row.params());
        Object unsubscribe = row.params().get("unsubscribeUrl");
        if (unsubscribe == null) {
            throw new IllegalArgumentException("no unsubscribeUrl");
        }
        return new MailMessage(row.id(), row.email(), mail.subject(), mail.text(), mail.html(), locale,
                URI.create(unsubscribe.toString()));
    }

    private void retry(PendingNotification row, Failure failure) {
        Duration delay = backoff.delay(Math.min(row.attempts(), 30));
        queue.retryLater(row.id(), delay, failure.reason());
        events.retrying(row, failure, delay);
    }

    private void release(List<PendingNotification> rows) {
        if (!rows.isEmpty()) {
            List<NotificationId> ids = new ArrayList<>(rows.size());
            rows.forEach(row -> ids.add(row.id()));
            queue.release(ids);
        }
    }

    /** The SSE frame's body: the same fields as an item of {@code GET /api/v1/notifications}. */
    static String liveJson(PendingNotification row) {
        StringBuilder json = new StringBuilder(256).append('{');
        field(json, "id", row.id().toString()).append(',');
        field(json, "kind", row.kind().name()).append(',');
        if (row.session() != null) {
            field(json, "session_id", row.session().toString()).append(',');
        }
        field(json, "title", row.title()).append(',');
        field(json, "body", row.body()).append(',');
        field(json, "created_at", row.createdAt().toString());
        return json.append('}').toString();
    }

    private static StringBuilder field(StringBuilder json, String name, String value) {
        quote(json, name).append(':');
        return quote(json, value);
    }

    /** A JSON string literal (RFC 8259 §7): quote, backslash and control characters escaped. */
    static StringBuilder quote(StringBuilder out, String value) {
        out.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20 || c == '\u2028' || c == '\u2029') {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"');
    }

    private static String describe(RuntimeException e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
