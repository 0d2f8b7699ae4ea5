package io.fabula.application.notification;

/**
 * Sends one email to one writer or admin (SPEC §9): the port the notification sender calls for every
 * pending EMAIL notification, immediate or digest. Adapter: {@code SmtpMailer} (Jakarta Mail over SMTP).
 *
 * <p>Contract for implementations:
 * <ul>
 *   <li><b>Total:</b> {@link #send} never throws for a failure of the server, the network or the address.
 *       Every failure comes back as {@link MailResult.Failed} whose {@link io.fabula.domain.failure.Failure}
 *       is one of two kinds, so the sender's retry is a lookup ({@link io.fabula.domain.failure.RetryPolicy}):
 *       <ul>
 *         <li>{@code Transient} — the server could not be reached or dropped us, a connect/read/write timeout,
 *             a TLS handshake that failed, a 4xx reply (greylisting, mailbox busy, server shutting down), or
 *             credentials the server refused (an operator's mistake: the row must stay pending, not be lost).
 *             Retry with backoff; these are what the SMTP breaker counts (SPEC §8: more than 3 in a row
 *             switches {@code EMAIL_ENABLED} off).</li>
 *         <li>{@code Validation} — the address cannot be an address, or the server rejected the recipient
 *             or the message permanently (a 5xx reply): sending the same mail again cannot help. Mark the
 *             notification FAILED; it does not count towards the breaker.</li>
 *       </ul></li>
 *   <li><b>Recognisable retries:</b> the Message-ID is derived from {@link MailMessage#id()} only, so a mail sent
 *       again after a lost acknowledgement carries the same Message-ID and a receiving server or client can
 *       tell it is the same mail. SMTP has no idempotent send: "at least once" plus this header is the best
 *       any mailer can do; the sender limits duplicates by marking the row SENT right after {@link MailResult.Sent}.</li>
 *   <li><b>Bounded:</b> it returns within the adapter's connect, read and write timeouts, also when the server
 *       hangs.</li>
 *   <li><b>Secret-free:</b> failure reasons and logs never contain the SMTP password or the mail's body.</li>
 *   <li><b>Thread-safe:</b> one instance serves concurrent calls.</li>
 * </ul>
 */
public interface Mailer {

    /**
     * Delivers {@code message} to the SMTP server, which accepts it for its recipient.
     *
     * @return {@link MailResult.Sent} with the Message-ID the server accepted, or {@link MailResult.Failed}
     *         with a Transient or Validation failure; never {@code null}
     */
    MailResult send(MailMessage message);
}
