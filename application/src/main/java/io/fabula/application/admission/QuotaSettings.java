package io.fabula.application.admission;

import java.time.Duration;
import java.util.Objects;

/** {@code limit} requests per {@code window} and subject (SPEC §7: 60 per 60 s). */
public record QuotaSettings(long limit, Duration window) {
    public QuotaSettings {
        Objects.requireNonNull(window, "window");
        if (limit < 1) {
            throw new IllegalArgumentException("a quota allows at least one request");
        }
        if (window.toMillis() < 1) {
            throw new IllegalArgumentException("a quota window lasts at least 1 ms");
        }
    }
}
