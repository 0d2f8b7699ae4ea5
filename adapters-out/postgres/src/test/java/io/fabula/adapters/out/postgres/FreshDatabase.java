package io.fabula.adapters.out.postgres;

import io.fabula.infra.Endpoints;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Locale;
import java.util.UUID;
import liquibase.Liquibase;
import liquibase.database.jvm.JdbcConnection;
import liquibase.resource.ClassLoaderResourceAccessor;
import org.jdbi.v3.core.Jdbi;

/**
 * A database of its own for one test class on the shared PostgreSQL server, so a test that rolls the
 * schema back cannot pull tables from under another.
 */
record FreshDatabase(Endpoints.Postgres server, String name) {
    static final String CHANGELOG = "db/changelog.xml";

    static FreshDatabase create(Endpoints.Postgres server) {
        String name = "fabula_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16).toLowerCase(Locale.ROOT);
        Jdbi.create(server.jdbcUrl(), server.user(), server.password())
                .useHandle(handle -> handle.execute("create database " + name)); // a generated identifier, not input
        return new FreshDatabase(server, name);
    }

    /** A fresh database with the whole changelog applied. */
    static FreshDatabase migrated(Endpoints.Postgres server) {
        FreshDatabase database = create(server);
        database.liquibase(Liquibase::update);
        return database;
    }

    String jdbcUrl() {
        return "jdbc:postgresql://" + server.host() + ":" + server.port() + "/" + name;
    }

    Jdbi jdbi() {
        return Jdbi.create(jdbcUrl(), server.user(), server.password());
    }

    Connection connect() throws SQLException {
        return DriverManager.getConnection(jdbcUrl(), server.user(), server.password());
    }

    interface LiquibaseWork {
        void run(Liquibase liquibase) throws Exception;
    }

    @SuppressWarnings("deprecation") // the Liquibase facade is what dropwizard-migrations' commands drive too
    void liquibase(LiquibaseWork work) {
        try (Connection connection = connect();
             Liquibase liquibase = new Liquibase(CHANGELOG, new ClassLoaderResourceAccessor(), new JdbcConnection(connection))) {
            work.run(liquibase);
        } catch (Exception e) {
            throw new IllegalStateException("liquibase on " + name + " failed", e);
        }
    }
}
