package io.fabula.app;

import com.codahale.metrics.MetricRegistry;
import io.dropwizard.db.DataSourceFactory;
import io.dropwizard.db.ManagedDataSource;
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

    /**
     * A pooled Jdbi as the application has (Dropwizard's pool, {@code size} connections), so a load test
     * measures commands and not connection set-up; closed with the returned handle.
     */
    static Pooled pooled(String url, Endpoints.Postgres postgres, int size) throws Exception {
        DataSourceFactory factory = new DataSourceFactory();
        factory.setDriverClass("org.postgresql.Driver");
        factory.setUrl(url);
        factory.setUser(postgres.user());
        factory.setPassword(postgres.password());
        factory.setMinSize(size);
        factory.setInitialSize(size);
        factory.setMaxSize(size);
        ManagedDataSource dataSource = factory.build(new MetricRegistry(), "it");
        dataSource.start();
        return new Pooled(Jdbi.create(dataSource), dataSource);
    }

    record Pooled(Jdbi jdbi, ManagedDataSource dataSource) implements AutoCloseable {
        @Override
        public void close() throws Exception {
            dataSource.stop();
        }
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
