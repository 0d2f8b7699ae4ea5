package io.fabula.application.notification;

import io.fabula.domain.id.SessionId;
import io.fabula.domain.stage.Stage;
import java.net.URI;
import java.util.Locale;
import java.util.Objects;

/**
 * The web addresses a notification points to, under the public address of the writer-facing app.
 *
 * <p>The unsubscribe link opens the notification settings (where mail is switched off per kind); a one-click
 * unsubscribe without login would need a signed token per user, which is not built yet (docs/notifications.md).
 */
public record Links(URI base) {

    public Links {
        Objects.requireNonNull(base, "base");
        if (!base.isAbsolute()) {
            throw new IllegalArgumentException("the public URL must be absolute: " + base);
        }
        String text = base.toString();
        base = URI.create(text.endsWith("/") ? text : text + "/");
    }

    public URI app() {
        return base;
    }

    public URI session(SessionId session) {
        return base.resolve("sessions/" + session);
    }

    public URI review(SessionId session, Stage stage) {
        return base.resolve("sessions/" + session + "/review?stage=" + stage.name().toLowerCase(Locale.ROOT));
    }

    public URI budget() {
        return base.resolve("admin/budget");
    }

    public URI unsubscribe() {
        return base.resolve("settings/notifications");
    }
}
