package io.fabula.adapters.out.postgres;

import io.fabula.application.auth.Role;
import io.fabula.application.auth.User;
import io.fabula.application.auth.Users;
import io.fabula.domain.id.UserId;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.StatementException;

/** {@code users}: emails unique regardless of case (the {@code users_email_key} index on {@code lower(email)}). */
public final class JdbiUsers implements Users {
    private static final String COLUMNS = "id, email, display_name, password_hash, role, created_at";

    private final Jdbi jdbi;

    public JdbiUsers(Jdbi jdbi) {
        this.jdbi = Objects.requireNonNull(jdbi, "jdbi");
    }

    @Override
    public Added add(User user) {
        try {
            jdbi.useHandle(handle -> handle.createUpdate("""
                            insert into users (id, email, display_name, password_hash, role, created_at, updated_at)
                            values (:id, :email, :name, :hash, :role, :createdAt, :createdAt)""")
                    .bind("id", user.id().value())
                    .bind("email", user.email())
                    .bind("name", user.displayName())
                    .bind("hash", user.passwordHash())
                    .bind("role", user.role().wireName())
                    .bind("createdAt", Timestamp.from(user.createdAt()))
                    .execute());
            return Added.CREATED;
        } catch (StatementException e) {
            if (UniqueViolation.constraintOf(e).isPresent()) {
                return Added.EMAIL_TAKEN;
            }
            throw e;
        }
    }

    @Override
    public Optional<User> byEmail(String email) {
        return jdbi.withHandle(handle -> handle.createQuery("select " + COLUMNS + " from users where lower(email) = lower(:email)")
                .bind("email", email)
                .map((rs, ctx) -> user(rs))
                .findOne());
    }

    @Override
    public Optional<User> byId(UserId id) {
        return jdbi.withHandle(handle -> handle.createQuery("select " + COLUMNS + " from users where id = :id")
                .bind("id", id.value())
                .map((rs, ctx) -> user(rs))
                .findOne());
    }

    @Override
    public boolean changeRole(String email, Role role) {
        return jdbi.withHandle(handle -> handle.createUpdate(
                        "update users set role = :role, updated_at = now() where lower(email) = lower(:email)")
                .bind("role", role.wireName())
                .bind("email", email)
                .execute()) > 0;
    }

    private static User user(ResultSet rs) throws SQLException {
        return new User(new UserId(rs.getObject("id", UUID.class)), rs.getString("email"), rs.getString("display_name"),
                rs.getString("password_hash"), Role.fromWireName(rs.getString("role")),
                rs.getTimestamp("created_at").toInstant());
    }
}
