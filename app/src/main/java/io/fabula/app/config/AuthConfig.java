package io.fabula.app.config;

import io.dropwizard.util.Duration;
import io.dropwizard.validation.MinDuration;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.concurrent.TimeUnit;

/**
 * Accounts and tokens of the public API (SPEC §6).
 *
 * @param jwtSecret            the HS256 signing key of access tokens, at least 32 characters; from
 *                             {@code FABULA_JWT_SECRET} in production (required there), a fixed dev/test key in
 *                             the other files. Never logged. Changing it logs every user out within 24 h.
 * @param issuer               the {@code iss} of issued tokens; tokens of another issuer are refused
 * @param accessTokenLifetime  24 h (SPEC §6)
 * @param refreshTokenLifetime 30 d (SPEC §6)
 */
public record AuthConfig(
        @NotBlank @Size(min = 32, message = "must be at least 32 characters (HS256 needs a 256-bit key)") String jwtSecret,
        @NotBlank String issuer,
        @NotNull @MinDuration(value = 1, unit = TimeUnit.MINUTES) Duration accessTokenLifetime,
        @NotNull @MinDuration(value = 1, unit = TimeUnit.MINUTES) Duration refreshTokenLifetime) {

    @Override
    public String toString() {
        return "AuthConfig[issuer=" + issuer + ", accessTokenLifetime=" + accessTokenLifetime
                + ", refreshTokenLifetime=" + refreshTokenLifetime + "]"; // never the secret
    }
}
