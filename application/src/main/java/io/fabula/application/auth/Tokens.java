package io.fabula.application.auth;

import java.time.Instant;
import java.util.Objects;

/** What login and refresh hand out: a 24 h access token and a 30 d single-use refresh token. */
public record Tokens(Identity identity, String accessToken, Instant accessExpiresAt, String refreshToken,
                     Instant refreshExpiresAt) {
    public Tokens {
        Objects.requireNonNull(identity, "identity");
        Objects.requireNonNull(accessToken, "access token");
        Objects.requireNonNull(accessExpiresAt, "access expiry");
        Objects.requireNonNull(refreshToken, "refresh token");
        Objects.requireNonNull(refreshExpiresAt, "refresh expiry");
    }

    @Override
    public String toString() {
        return "Tokens[" + identity + "]"; // never the tokens themselves
    }
}
