package io.fabula.application.auth;

import java.time.Instant;
import java.util.Optional;

/** Signed, self-contained access tokens (JWT): issued at login and refresh, checked on every request. */
public interface AccessTokens {

    /** A token for this identity, valid from {@code now} for the configured lifetime (24 h). */
    Issued issue(Identity identity, Instant now);

    /** The identity a token proves, or empty when it is malformed, badly signed, from another issuer or expired at {@code now}. */
    Optional<Identity> verify(String token, Instant now);

    record Issued(String token, Instant expiresAt) {
    }
}
