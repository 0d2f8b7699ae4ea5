package io.fabula.app;

import io.fabula.infra.Endpoints;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.Locale;
import java.util.UUID;
import liquibase.Liquibase;
import liquibase.database.jvm.JdbcConnection;
import liquibase.resource.ClassLoaderResourceAccessor;
import org.jdbi.v3.core.Jdbi;

/** A database of one test's own on the shared PostgreSQL server, with the whole changelog applied. */
record MigratedDatabase(Endpoints.Postgres server, String name) {

    static MigratedDatabase create(Endpoints.Postgres server, String prefix) {
        String name = prefix + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16).toLowerCase(Locale.ROOT);
        Jdbi.create(server.jdbcUrl(), server.user(), server.password())
                .useHandle(handle -> handle.execute("create database " + name)); // generated, not input
        MigratedDatabase database = new MigratedDatabase(server, name);
        database.migrate();
        return database;
    }

    String jdbcUrl() {
        return "jdbc:postgresql://" + server.host() + ":" + server.port() + "/" + name;
    }

    Jdbi jdbi() {
        return Jdbi.create(jdbcUrl(), server.user(), server.password());
    }

    @SuppressWarnings("deprecation") // the Liquibase facade is what dropwizard-migrations drives too
    private void migrate() {
        try (Connection connection = DriverManager.getConnection(jdbcUrl(), server.user(), server.password());
             Liquibase liquibase = new Liquibase(FabulaApplication.CHANGELOG, new ClassLoaderResourceAccessor(),
                     new JdbcConnection(connection))) {
            liquibase.update();
        } catch (Exception e) {
            throw new IllegalStateException("migrating " + name + " failed", e);
        }
    }
}
