package io.fabula.application.auth;

import java.util.Locale;

/** What a user may do (SPEC §6): every user writes; admins also operate ({@code /admin/*}). */
public enum Role {
    WRITER, ADMIN;

    /** The name in tokens, JSON and {@code @RolesAllowed}: {@code writer}, {@code admin}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Role fromWireName(String name) {
        return valueOf(name.strip().toUpperCase(Locale.ROOT));
    }
}
