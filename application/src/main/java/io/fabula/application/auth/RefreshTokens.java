package io.fabula.application.auth;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/** The refresh tokens ({@code refresh_tokens}), by hash. */
public interface RefreshTokens {

    /** Stores a token that starts a family (a login). */
    void add(RefreshToken token);

    Optional<RefreshToken> byHash(String tokenHash);

    /**
     * Atomically replaces {@code current} by {@code next} (same family): marks it rotated and stores the next one,
     * only if it is still unrotated and unrevoked.
     *
     * @return false, writing nothing, when another request rotated or revoked it first (a reuse)
     */
    boolean rotate(UUID current, RefreshToken next, Instant now);

    /** Revokes every still-valid token of the family; idempotent. */
    void revokeFamily(UUID familyId, Instant now);
}
