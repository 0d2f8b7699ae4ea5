package io.fabula.application.notification;

import java.net.URI;
import java.util.Locale;
import java.util.Objects;

/**
 * One email, ready to send: already rendered in the recipient's language.
 *
 * @param id          the notification it delivers; the Message-ID is derived from it, so a retry is recognisable
 * @param to          the recipient's address, e.g. {@code writer@example.com} (checked by the mailer: a bad one is
 *                    a Validation failure, not an exception)
 * @param subject     one line
 * @param text        the plain-text body (the {@code text/plain} alternative)
 * @param html        the HTML body (the {@code text/html} alternative), every inserted value already escaped
 * @param locale      the language of subject and bodies, sent as {@code Content-Language}
 * @param unsubscribe where the recipient turns these mails off, sent as {@code List-Unsubscribe}
 */
public record MailMessage(NotificationId id, String to, String subject, String text, String html, Locale locale,
                          URI unsubscribe) {

    public MailMessage {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(html, "html");
        Objects.requireNonNull(locale, "locale");
        Objects.requireNonNull(unsubscribe, "unsubscribe link");
        // a line break would let a value end the header and start another one (header injection)
        if (subject.isBlank() || subject.indexOf('\r') >= 0 || subject.indexOf('\n') >= 0) {
            throw new IllegalArgumentException("a subject is one non-blank line");
        }
        if (!unsubscribe.isAbsolute()) {
            throw new IllegalArgumentException("the unsubscribe link must be absolute: " + unsubscribe);
        }
    }

    /** Without the address and the bodies: messages end up in logs, and neither is the operator's business. */
    @Override
    public String toString() {
        return "MailMessage[id=" + id + ", locale=" + locale.toLanguageTag() + "]";
    }
}
