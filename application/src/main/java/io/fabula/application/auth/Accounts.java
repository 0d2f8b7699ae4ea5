package io.fabula.application.auth;

import io.fabula.domain.failure.Failure;
import io.fabula.domain.id.UserId;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Registration, login, refresh and logout (SPEC §6). One class for the four because they share every
 * collaborator and every rule about tokens; each method is one use case.
 *
 * <p>Refresh tokens rotate: each refresh hands out a new one and retires the one shown. Showing a
 * retired token again means it was copied (the legitimate client already holds its successor), so the
 * whole family descending from that login is revoked and the user must log in again (OAuth 2.0
 * Security BCP §4.14). Unknown email and wrong password get the same answer, after the same work.
 */
public final class Accounts {
    public static final int MIN_PASSWORD_LENGTH = 8;
    public static final int MAX_PASSWORD_LENGTH = 128;
    public static final int MAX_EMAIL_LENGTH = 254;
    public static final int MAX_DISPLAY_NAME_LENGTH = 100;
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]{1,64}@[^@\\s]+\\.[^@\\s]+");
    private static final String BAD_CREDENTIALS = "email or password is wrong";
    private static final String BAD_REFRESH = "the refresh token is unknown, expired or revoked; log in again";

    private final Users users;
    private final RefreshTokens refreshTokens;
    private final PasswordHasher hasher;
    private final AccessTokens accessTokens;
    private final Clock clock;
    private final Duration refreshLifetime;
    private final Supplier<UUID> ids;
    private final SecureRandom random = new SecureRandom();
    /** Verified against when the email is unknown, so both failures take equally long. */
    private final String decoyHash;

    public Accounts(Users users, RefreshTokens refreshTokens, PasswordHasher hasher, AccessTokens accessTokens,
                    Clock clock, Duration refreshLifetime, Supplier<UUID> ids) {
        this.users = Objects.requireNonNull(users, "users");
        this.refreshTokens = Objects.requireNonNull(refreshTokens, "refresh tokens");
        this.hasher = Objects.requireNonNull(hasher, "hasher");
        this.accessTokens = Objects.requireNonNull(accessTokens, "access tokens");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.refreshLifetime = Objects.requireNonNull(refreshLifetime, "refresh lifetime");
        this.ids = Objects.requireNonNull(ids, "ids");
        this.decoyHash = hasher.hash(UUID.randomUUID().toString());
    }

    /** A new writer. Validation (422) for a malformed email, short password or empty name; Conflict (409) for a taken email. */
    public Outcome<User> register(String email, String password, String displayName) {
        String normalEmail = email == null ? "" : email.strip();
        String name = displayName == null ? "" : displayName.strip();
        if (normalEmail.length() > MAX_EMAIL_LENGTH || !EMAIL.matcher(normalEmail).matches()) {
            return Outcome.refused(Failure.Validation.of("email: not a valid email address"));
        }
        if (password == null || password.length() < MIN_PASSWORD_LENGTH || password.length() > MAX_PASSWORD_LENGTH) {
            return Outcome.refused(Failure.Validation.of("password: must be " + MIN_PASSWORD_LENGTH + " to "
                    + MAX_PASSWORD_LENGTH + " characters long"));
        }
        if (name.isEmpty() || name.length() > MAX_DISPLAY_NAME_LENGTH) {
            return Outcome.refused(Failure.Validation.of("display_name: must be 1 to " + MAX_DISPLAY_NAME_LENGTH
                    + " characters long"));
        }
        User user = new User(new UserId(ids.get()), normalEmail, name, hasher.hash(password), Role.WRITER, clock.instant());
        return switch (users.add(user)) {
            case CREATED -> Outcome.ok(user);
            case EMAIL_TAKEN -> Outcome.refused(new Failure.Conflict("email: " + normalEmail.toLowerCase(Locale.ROOT)
                    + " is already registered; log in instead", 0));
        };
    }

    /** Tokens for the right email and password; Unauthorized (401) otherwise, the same for both mistakes. */
    public Outcome<Tokens> logIn(String email, String password) {
        if (email == null || password == null || password.length() > MAX_PASSWORD_LENGTH) {
            return Outcome.refused(new Failure.Unauthorized(BAD_CREDENTIALS));
        }
        Optional<User> user = users.byEmail(email.strip());
        boolean matches = hasher.matches(password, user.map(User::passwordHash).orElse(decoyHash));
        if (user.isEmpty() || !matches) {
            return Outcome.refused(new Failure.Unauthorized(BAD_CREDENTIALS));
        }
        Instant now = clock.instant();
        String refresh = newRefreshToken();
        refreshTokens.add(RefreshToken.fresh(ids.get(), user.get().id(), ids.get(), hash(refresh), now.plus(refreshLifetime)));
        return Outcome.ok(tokens(user.get().identity(), now, refresh));
    }

    /**
     * New tokens for a usable refresh token, which is retired. Unauthorized (401) for an unknown, expired or
     * revoked one; a retired one revokes its whole family first.
     */
    public Outcome<Tokens> refresh(String refreshToken) {
        if (refreshToken == null || refreshToken.isBlank() || refreshToken.length() > 200) {
            return Outcome.refused(new Failure.Unauthorized(BAD_REFRESH));
        }
        Instant now = clock.instant();
        Optional<RefreshToken> found = refreshTokens.byHash(hash(refreshToken));
        if (found.isEmpty()) {
            return Outcome.refused(new Failure.Unauthorized(BAD_REFRESH));
        }
        RefreshToken current = found.get();
        if (current.replacedBy().isPresent()) {
            refreshTokens.revokeFamily(current.familyId(), now);
            return Outcome.refused(new Failure.Unauthorized(
                    "this refresh token was already used: every session of this login is revoked; log in again"));
        }
        if (!current.usableAt(now)) {
            return Outcome.refused(new Failure.Unauthorized(BAD_REFRESH));
        }
        Optional<User> user = users.byId(current.userId());
        if (user.isEmpty()) {
            return Outcome.refused(new Failure.Unauthorized(BAD_REFRESH));
        }
        String next = newRefreshToken();
        RefreshToken successor = RefreshToken.fresh(ids.get(), current.userId(), current.familyId(), hash(next),
                now.plus(refreshLifetime));
        if (!refreshTokens.rotate(current.id(), successor, now)) {
            // a concurrent request rotated it a moment ago: two holders of one token, treat as reuse
            refreshTokens.revokeFamily(current.familyId(), now);
            return Outcome.refused(new Failure.Unauthorized(
                    "this refresh token was already used: every session of this login is revoked; log in again"));
        }
        return Outcome.ok(tokens(user.get().identity(), now, next));
    }

    /**
     * Ends the login the refresh token belongs to: its family is revoked. Idempotent, and silent about
     * tokens that are unknown or belong to someone else (nothing is revoked for those). Access tokens
     * already issued stay valid until they expire (stateless, at most 24 h).
     */
    public void logOut(Identity who, String refreshToken) {
        if (refreshToken == null || refreshToken.isBlank() || refreshToken.length() > 200) {
            return;
        }
        refreshTokens.byHash(hash(refreshToken))
                .filter(token -> token.userId().equals(who.userId()))
                .ifPresent(token -> refreshTokens.revokeFamily(token.familyId(), clock.instant()));
    }

    private Tokens tokens(Identity identity, Instant now, String refresh) {
        AccessTokens.Issued access = accessTokens.issue(identity, now);
        return new Tokens(identity, access.token(), access.expiresAt(), refresh, now.plus(refreshLifetime));
    }

    private String newRefreshToken() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** SHA-256 is enough here: the token is 256 random bits, not a password. */
    static String hash(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
