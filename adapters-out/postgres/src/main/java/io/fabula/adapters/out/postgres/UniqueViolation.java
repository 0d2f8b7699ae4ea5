package io.fabula.adapters.out.postgres;

import java.sql.SQLException;
import java.util.Optional;
import org.jdbi.v3.core.statement.StatementException;
import org.postgresql.util.PSQLException;
import org.postgresql.util.PSQLState;

/** Reads which unique constraint a failed statement hit, so the stores can name the race they lost. */
final class UniqueViolation {
    private UniqueViolation() {
    }

    /** The constraint (or unique index) name, when the statement failed on a unique violation. */
    static Optional<String> constraintOf(StatementException e) {
        for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
            if (cause instanceof PSQLException psql && PSQLState.UNIQUE_VIOLATION.getState().equals(psql.getSQLState())) {
                return Optional.ofNullable(psql.getServerErrorMessage()).map(m -> m.getConstraint());
            }
            if (cause instanceof SQLException sql && PSQLState.UNIQUE_VIOLATION.getState().equals(sql.getSQLState())) {
                return Optional.of("");
            }
        }
        return Optional.empty();
    }
}
