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

/** A fresh database per test on the shared test server, migrated with the application's changelog. */
final class TestDatabases {
    private TestDatabases() {
    }

    /** @return the JDBC URL of a new, migrated database named {@code <prefix>_<random>} */
    @SuppressWarnings("deprecation") // the Liquibase facade is what dropwizard-migrations drives too
    static String freshMigrated(Endpoints.Postgres postgres, String prefix) throws Exception {
        String name = prefix + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16).toLowerCase(Locale.ROOT);
        Jdbi.create(postgres.jdbcUrl(), postgres.user(), postgres.password())
                .useHandle(handle -> handle.execute("create database " + name)); // generated, not input
        String url = "jdbc:postgresql://" + postgres.host() + ":" + postgres.port() + "/" + name;
        try (Connection connection = DriverManager.getConnection(url, postgres.user(), postgres.password());
             Liquibase liquibase = new Liquibase(FabulaApplication.CHANGELOG, new ClassLoaderResourceAccessor(),
                     new JdbcConnection(connection))) {
            liquibase.update();
        }
        return url;
    }
}
