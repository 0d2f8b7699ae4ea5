package io.fabula.application.auth;

import io.fabula.domain.id.UserId;
import java.time.Instant;
import java.util.Objects;

/**
 * A registered user ({@code users} row).
 *
 * @param passwordHash the encoded hash (algorithm and parameters included), never the password
 */
public record User(UserId id, String email, String displayName, String passwordHash, Role role, Instant createdAt) {
    public User {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(email, "email");
        Objects.requireNonNull(displayName, "display name");
        Objects.requireNonNull(passwordHash, "password hash");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(createdAt, "created at");
    }

    public Identity identity() {
        return new Identity(id, role);
    }

    @Override
    public String toString() {
        return "User[" + id + ", " + role.wireName() + "]"; // no email or hash in logs
    }
}
