package io.fabula.application.notification;

import io.fabula.domain.failure.Failure;
import io.fabula.domain.failure.FailureKind;

import java.util.Objects;

/** How one {@link Mailer#send} call ended: accepted by the server, or a classified failure. */
public sealed interface MailResult {

    /** The server accepted the mail; {@code messageId} is the header it was sent with, angle brackets included. */
    record Sent(String messageId) implements MailResult {
        public Sent {
            Objects.requireNonNull(messageId, "message id");
        }
    }

    /** The mail did not go out; {@code failure} is Transient or Validation (see {@link Mailer}). */
    record Failed(Failure failure) implements MailResult {
        public Failed {
            Objects.requireNonNull(failure, "failure");
            if (failure.kind() != FailureKind.TRANSIENT && failure.kind() != FailureKind.VALIDATION) {
                throw new IllegalArgumentException("a mailer fails Transient or Validation, not " + failure.kind());
            }
        }
    }
}
