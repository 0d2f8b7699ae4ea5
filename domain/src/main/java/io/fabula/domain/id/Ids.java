package io.fabula.domain.id;

import java.util.UUID;

/** Shared input validation of the typed ids. */
final class Ids {
    private Ids() {
    }

    static UUID uuid(String text, String what) {
        if (text == null) {
            throw new IllegalArgumentException(what + " is required");
        }
        try {
            return UUID.fromString(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(what + " is not a UUID: " + text, e);
        }
    }

    static void requireText(String value, int maxLength, String what) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(what + " is required");
        }
        if (value.length() > maxLength) {
            throw new IllegalArgumentException(what + " is longer than " + maxLength + " characters");
        }
    }
}
