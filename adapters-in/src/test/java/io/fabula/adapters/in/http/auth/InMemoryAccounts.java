package io.fabula.adapters.in.http.auth;

import io.fabula.adapters.out.crypto.Argon2PasswordHasher;
import io.fabula.adapters.out.crypto.JwtAccessTokens;
import io.fabula.application.auth.Accounts;
import io.fabula.application.auth.RefreshToken;
import io.fabula.application.auth.RefreshTokens;
import io.fabula.application.auth.Role;
import io.fabula.application.auth.User;
import io.fabula.application.auth.Users;
import io.fabula.domain.id.UserId;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/** Accounts over in-memory users and refresh tokens (the JDBI ones are tested on PostgreSQL), with the real crypto. */
final class InMemoryAccounts {
    static final String SECRET = "resource-test-secret-0123456789-0123456789";

    final Map<UserId, User> users = new ConcurrentHashMap<>();
    final Map<String, RefreshToken> refreshTokens = new ConcurrentHashMap<>();
    final JwtAccessTokens accessTokens = new JwtAccessTokens(SECRET, "fabula", Duration.ofHours(24));
    final Accounts accounts;

    InMemoryAccounts(Clock clock) {
        accounts = new Accounts(new MemoryUsers(), new MemoryRefreshTokens(), new Argon2PasswordHasher(), accessTokens,
                clock, Duration.ofDays(30), UUID::randomUUID);
    }

    final class MemoryUsers implements Users {
        @Override
        public synchronized Added add(User user) {
            if (byEmail(user.email()).isPresent()) {
                return Added.EMAIL_TAKEN;
            }
            users.put(user.id(), user);
            return Added.CREATED;
        }

        @Override
        public Optional<User> byEmail(String email) {
            return users.values().stream().filter(u -> u.email().toLowerCase(Locale.ROOT).equals(email.toLowerCase(Locale.ROOT)))
                    .findFirst();
        }

        @Override
        public Optional<User> byId(UserId id) {
            return Optional.ofNullable(users.get(id));
        }

        @Override
        public boolean changeRole(String email, Role role) {
            Optional<User> user = byEmail(email);
            user.ifPresent(u -> users.put(u.id(), new User(u.id(), u.email(), u.displayName(), u.passwordHash(), role,
                    u.createdAt())));
            return user.isPresent();
        }
    }

    final class MemoryRefreshTokens implements RefreshTokens {
        @Override
        public void add(RefreshToken token) {
            refreshTokens.put(token.tokenHash(), token);
        }

        @Override
        public Optional<RefreshToken> byHash(String tokenHash) {
            return Optional.ofNullable(refreshTokens.get(tokenHash));
        }

        @Override
        public synchronized boolean rotate(UUID current, RefreshToken next, Instant now) {
            Optional<RefreshToken> old = refreshTokens.values().stream().filter(t -> t.id().equals(current)).findFirst();
            if (old.isEmpty() || old.get().replacedBy().isPresent() || old.get().revokedAt().isPresent()) {
                return false;
            }
            RefreshToken o = old.get();
            refreshTokens.put(o.tokenHash(), new RefreshToken(o.id(), o.userId(), o.familyId(), o.tokenHash(),
                    o.expiresAt(), Optional.of(now), Optional.of(next.id())));
            add(next);
            return true;
        }

        @Override
        public synchronized void revokeFamily(UUID familyId, Instant now) {
            refreshTokens.replaceAll((hash, t) -> t.familyId().equals(familyId) && t.revokedAt().isEmpty()
                    ? new RefreshToken(t.id(), t.userId(), t.familyId(), t.tokenHash(), t.expiresAt(), Optional.of(now),
                    t.replacedBy()) : t);
        }
    }
}
