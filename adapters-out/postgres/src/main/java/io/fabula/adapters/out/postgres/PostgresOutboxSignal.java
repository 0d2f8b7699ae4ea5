package io.fabula.adapters.out.postgres;

import io.fabula.application.relay.OutboxSignal;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Objects;
import org.postgresql.PGConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The relay's wake-up: {@code LISTEN event_outbox} on a connection of its own (outside the pool, it is
 * held for the relay's life). A command's transaction sends {@code NOTIFY event_outbox} with its outbox
 * rows; PostgreSQL delivers it at commit, and notifications that arrive while the relay is busy wait in
 * the connection, so none is missed while it is up. A lost connection is reopened on the next wait;
 * until then the wait is plain polling.
 */
public final class PostgresOutboxSignal implements OutboxSignal, AutoCloseable {
    /** The channel {@link JdbiOutbox} notifies. */
    public static final String CHANNEL = "event_outbox";

    private static final Logger LOG = LoggerFactory.getLogger(PostgresOutboxSignal.class);

    /** Opens a new, unpooled connection. */
    @FunctionalInterface
    public interface Connector {
        Connection connect() throws SQLException;
    }

    private final Connector connector;
    private Connection connection;
    private boolean warned;

    public PostgresOutboxSignal(Connector connector) {
        this.connector = Objects.requireNonNull(connector, "connector");
    }

    @Override
    public synchronized void await(Duration timeout) throws InterruptedException {
        long millis = Math.max(1, timeout.toMillis());
        try {
            PGConnection listening = listening();
            // returns at once if notifications arrived since the last wait
            listening.getNotifications((int) Math.min(Integer.MAX_VALUE, millis));
            warned = false;
        } catch (SQLException e) {
            if (!warned) {
                LOG.warn("outbox wake-up lost ({}); polling every {} ms until PostgreSQL answers again",
                        e.getMessage(), millis);
                warned = true;
            }
            closeConnection();
            Thread.sleep(millis);
        }
        if (Thread.interrupted()) {
            throw new InterruptedException("relay stopping");
        }
    }

    private PGConnection listening() throws SQLException {
        if (connection == null || connection.isClosed()) {
            Connection opened = connector.connect();
            try (Statement statement = opened.createStatement()) {
                opened.setAutoCommit(true);
                statement.execute("listen " + CHANNEL); // a constant identifier, not input
            } catch (SQLException e) {
                opened.close();
                throw e;
            }
            connection = opened;
        }
        return connection.unwrap(PGConnection.class);
    }

    private void closeConnection() {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // it is already broken; nothing more to release
            }
            connection = null;
        }
    }

    @Override
    public synchronized void close() {
        closeConnection();
    }
}
