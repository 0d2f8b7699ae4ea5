package io.fabula.adapters.out.postgres;

import io.fabula.application.auth.RefreshToken;
import io.fabula.application.auth.RefreshTokens;
import io.fabula.domain.id.UserId;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/** {@code refresh_tokens}: hashes only; rotation is a conditional update and an insert in one transaction. */
public final class JdbiRefreshTokens implements RefreshTokens {
    private final Jdbi jdbi;

    public JdbiRefreshTokens(Jdbi jdbi) {
        this.jdbi = Objects.requireNonNull(jdbi, "jdbi");
    }

    @Override
    public void add(RefreshToken token) {
        jdbi.useHandle(handle -> insert(handle, token));
    }

    @Override
    public Optional<RefreshToken> byHash(String tokenHash) {
        return jdbi.withHandle(handle -> handle.createQuery("""
                        select id, user_id, family_id, token_hash, expires_at, revoked_at, replaced_by
                        from refresh_tokens where token_hash = :hash""")
                .bind("hash", tokenHash)
                .map((rs, ctx) -> new RefreshToken(rs.getObject("id", UUID.class),
                        new UserId(rs.getObject("user_id", UUID.class)), rs.getObject("family_id", UUID.class),
                        rs.getString("token_hash"), rs.getTimestamp("expires_at").toInstant(),
                        Optional.ofNullable(rs.getTimestamp("revoked_at")).map(Timestamp::toInstant),
                        Optional.ofNullable(rs.getObject("replaced_by", UUID.class))))
                .findOne());
    }

    @Override
    public boolean rotate(UUID current, RefreshToken next, Instant now) {
        return jdbi.inTransaction(handle -> {
            // the row lock of this update makes a concurrent rotation of the same token wait, then find 0 rows
            int retired = handle.createUpdate("""
                            update refresh_tokens set replaced_by = :next, revoked_at = :now
                            where id = :id and replaced_by is null and revoked_at is null""")
                    .bind("next", next.id())
                    .bind("now", Timestamp.from(now))
                    .bind("id", current)
                    .execute();
            if (retired == 0) {
                return false;
            }
            insert(handle, next);
            return true;
        });
    }

    @Override
    public void revokeFamily(UUID familyId, Instant now) {
        jdbi.useHandle(handle -> handle.createUpdate(
                        "update refresh_tokens set revoked_at = :now where family_id = :family and revoked_at is null")
                .bind("now", Timestamp.from(now))
                .bind("family", familyId)
                .execute());
    }

    private static void insert(Handle handle, RefreshToken token) {
        handle.createUpdate("""
                        insert into refresh_tokens (id, user_id, family_id, token_hash, expires_at)
                        values (:id, :user, :family, :hash, :expires)""")
                .bind("id", token.id())
                .bind("user", token.userId().value())
                .bind("family", token.familyId())
                .bind("hash", token.tokenHash())
                .bind("expires", Timestamp.from(token.expiresAt()))
                .execute();
    }
}
