package io.fabula.application.admission;

/** The shared quota counter cannot answer; {@link QuotaWithFallback} counts in-process meanwhile. */
public final class QuotaUnavailable extends RuntimeException {
    public QuotaUnavailable(String message, Throwable cause) {
        super(message, cause);
    }
}
