package io.fabula.bench;

import com.codahale.metrics.MetricRegistry;
import io.dropwizard.db.DataSourceFactory;
import io.dropwizard.db.ManagedDataSource;
import io.fabula.infra.Endpoints;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import liquibase.Liquibase;
import liquibase.database.jvm.JdbcConnection;
import liquibase.resource.ClassLoaderResourceAccessor;
import org.jdbi.v3.core.Jdbi;

/** What the benchmarks share: a fresh migrated database, a pool like the application's, percentiles, child processes. */
final class BenchSupport {
    private BenchSupport() {
    }

    static int intProperty(String name, int fallback) {
        return Integer.getInteger("fabula.bench." + name, fallback);
    }

    /** @return the JDBC URL of a new database with Fabula's schema */
    @SuppressWarnings("deprecation")
    static String freshDatabase(Endpoints.Postgres postgres, String prefix) throws Exception {
        String name = prefix + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12).toLowerCase(Locale.ROOT);
        Jdbi.create(postgres.jdbcUrl(), postgres.user(), postgres.password())
                .useHandle(handle -> handle.execute("create database " + name)); // generated, not input
        String url = "jdbc:postgresql://" + postgres.host() + ":" + postgres.port() + "/" + name;
        try (Connection connection = DriverManager.getConnection(url, postgres.user(), postgres.password());
             Liquibase liquibase = new Liquibase("db/changelog.xml", new ClassLoaderResourceAccessor(),
                     new JdbcConnection(connection))) {
            liquibase.update();
        }
        return url;
    }

    static String databaseName(String url) {
        return url.substring(url.lastIndexOf('/') + 1);
    }

    /** Dropwizard's pool, as the server builds it from {@code postgres:} in config.yml. */
    static ManagedDataSource pool(String url, Endpoints.Postgres postgres, int size) throws Exception {
        DataSourceFactory factory = new DataSourceFactory();
        factory.setDriverClass("org.postgresql.Driver");
        factory.setUrl(url);
        factory.setUser(postgres.user());
        factory.setPassword(postgres.password());
        factory.setMinSize(size);
        factory.setInitialSize(size);
        factory.setMaxSize(size);
        ManagedDataSource dataSource = factory.build(new MetricRegistry(), "bench");
        dataSource.start();
        return dataSource;
    }

    /** p-th percentile (0..100) of latencies in nanoseconds, as milliseconds. */
    static double percentileMs(long[] nanos, double p) {
        if (nanos.length == 0) {
            return Double.NaN;
        }
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))] / 1e6;
    }

    /** Runs a command to its end and answers its output (stdout and stderr). */
    static String run(List<String> command, java.util.Map<String, String> env, long timeoutSeconds) throws Exception {
        Path output = Files.createTempFile("fabula-bench-", ".log");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile());
        builder.environment().putAll(env);
        Process process = builder.start();
        if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException(command.get(0) + " did not finish within " + timeoutSeconds + " s:\n" + read(output));
        }
        String text = read(output);
        if (process.exitValue() != 0) {
            throw new IllegalStateException(command.get(0) + " failed with " + process.exitValue() + ":\n" + text);
        }
        return text;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String javaExecutable() {
        return ProcessHandle.current().info().command().orElse("java");
    }
}
