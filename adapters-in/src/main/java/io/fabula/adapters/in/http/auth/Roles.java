package io.fabula.adapters.in.http.auth;

/** The role names for {@code @RolesAllowed} (the {@code role} claim of the access token). */
public final class Roles {
    public static final String WRITER = "writer";
    public static final String ADMIN = "admin";

    private Roles() {
    }
}
