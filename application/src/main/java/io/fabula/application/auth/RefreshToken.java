package io.fabula.application.auth;

import io.fabula.domain.id.UserId;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * A refresh token as stored: only its SHA-256 hash, never the token. Tokens descending from one login
 * form a family; a token that was rotated away ({@code replacedBy} present) and is shown again means
 * it leaked, and the whole family is revoked.
 */
public record RefreshToken(UUID id, UserId userId, UUID familyId, String tokenHash, Instant expiresAt,
                           Optional<Instant> revokedAt, Optional<UUID> replacedBy) {
    public RefreshToken {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(userId, "user id");
        Objects.requireNonNull(familyId, "family id");
        Objects.requireNonNull(tokenHash, "token hash");
        Objects.requireNonNull(expiresAt, "expires at");
        Objects.requireNonNull(revokedAt, "revoked at");
        Objects.requireNonNull(replacedBy, "replaced by");
    }

    public static RefreshToken fresh(UUID id, UserId userId, UUID familyId, String tokenHash, Instant expiresAt) {
        return new RefreshToken(id, userId, familyId, tokenHash, expiresAt, Optional.empty(), Optional.empty());
    }

    /** Neither rotated, revoked nor expired at {@code now}. */
    public boolean usableAt(Instant now) {
        return revokedAt.isEmpty() && replacedBy.isEmpty() && now.isBefore(expiresAt);
    }

    @Override
    public String toString() {
        return "RefreshToken[" + id + ", family " + familyId + "]";
    }
}
