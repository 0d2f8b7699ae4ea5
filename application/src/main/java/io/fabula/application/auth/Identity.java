package io.fabula.application.auth;

import io.fabula.domain.id.UserId;
import java.util.Objects;

/** Who sends a request, as proven by a valid access token: what every resource authorizes against. */
public record Identity(UserId userId, Role role) {
    public Identity {
        Objects.requireNonNull(userId, "user id");
        Objects.requireNonNull(role, "role");
    }

    public boolean isAdmin() {
        return role == Role.ADMIN;
    }
}
