package io.fabula.application.notification;

import java.util.Objects;

/** A template filled in: what {@link MailMessage} needs besides its id, recipient, locale and unsubscribe link. */
public record RenderedMail(String subject, String text, String html) {

    public RenderedMail {
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(html, "html");
    }
}
