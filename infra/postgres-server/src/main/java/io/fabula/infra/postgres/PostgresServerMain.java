package io.fabula.infra.postgres;

import io.fabula.infra.ChildServer;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * PostgreSQL (zonky's embedded binaries) for tests and {@code fabula dev}, run as a child process by
 * {@code io.fabula.infra.NativeServers}.
 *
 * <p>Args: {@code --port P --data-dir D}. Listens on 127.0.0.1:P, keeps its cluster in {@code D/pgdata}
 * (kept across restarts), creates database {@code fabula}, and prints {@code FABULA-READY} once a JDBC
 * connection works. initdb runs with {@code -A trust}: user {@code postgres} gets in with any password,
 * so clients that send postgres/postgres connect. Stops cleanly on stdin EOF (our parent stopped or
 * died) and on SIGTERM. zonky runs PostgreSQL with fsync off ({@code -F}) and {@code synchronous_commit=off}:
 * data survives process kills, not an OS crash, which is what tests and {@code dev} need.
 */
public final class PostgresServerMain implements ChildServer {
    private static final String HOST = "127.0.0.1";
    private static final String DATABASE = "fabula";

    private volatile EmbeddedPostgres postgres;

    public static void main(String[] args) {
        ChildServer.run("postgres", args, new PostgresServerMain());
    }

    @Override
    public String start(ChildServer.Options options) throws Exception {
        int port = options.port("--port");
        Path dataDir = options.directory("--data-dir");
        requireFreePort(port);
        postgres = EmbeddedPostgres.builder()
                .setPort(port)
                .setDataDirectory(dataDir.resolve("pgdata"))
                .setCleanDataDirectory(false) // persistent: initdb only when pgdata has no cluster yet
                // the binaries are unpacked once per data dir, not into a shared /tmp others may clean
                .setOverrideWorkingDirectory(Files.createDirectories(dataDir.resolve("binaries")).toFile())
                .setServerConfig("listen_addresses", HOST)
                .setServerConfig("unix_socket_directories", "") // TCP only: no /tmp socket files to collide
                .setPGStartupWait(Duration.ofSeconds(30)) // 10 s by default: tight on a busy 2-core machine
                .start();
        guardPostmaster(dataDir.resolve("pgdata"));
        createDatabaseIfMissing();
        return HOST + ":" + port + "/" + DATABASE;
    }

    /**
     * zonky ignores a failed {@code pg_ctl start} and polls until its start-up wait runs out; the usual cause
     * is a port in use, so say that at once.
     */
    private static void requireFreePort(int port) throws IOException {
        try (ServerSocket probe = new ServerSocket()) {
            probe.bind(new InetSocketAddress(HOST, port));
        } catch (IOException e) {
            throw new IOException("port " + HOST + ":" + port + " is already in use", e);
        }
    }

    private void createDatabaseIfMissing() throws Exception {
        try (Connection connection = postgres.getPostgresDatabase().getConnection();
             PreparedStatement exists = connection.prepareStatement("select 1 from pg_database where datname = ?")) {
            exists.setString(1, DATABASE);
            try (ResultSet rs = exists.executeQuery()) {
                if (rs.next()) {
                    return;
                }
            }
            try (Statement create = connection.createStatement()) {
                create.execute("create database " + DATABASE); // a constant: identifiers cannot be bound
            }
        }
    }

    /**
     * pg_ctl daemonizes the postmaster, so it is not our child: were this JVM killed with -9 (or our process
     * tree killed by the launcher), nothing would stop it. So a detached shell waits for this JVM to end
     * and then asks the postmaster for a fast shutdown (SIGINT) if it still runs: after a clean stop
     * {@code postmaster.pid} is gone and the guard does nothing. {@code setsid -f} takes the guard out of our
     * process tree, so that killing the tree does not kill the guard too. It watches our pid rather than a
     * pipe because Java closes a child's stdin as soon as that child ({@code setsid}) exits.
     */
    private static void guardPostmaster(Path pgdata) throws IOException {
        String script = "tail --pid=\"$1\" -f /dev/null; pid=$(head -n 1 \"$2/postmaster.pid\" 2>/dev/null) && kill -INT \"$pid\"";
        new ProcessBuilder("setsid", "-f", "sh", "-c", script, "postgres-guard",
                String.valueOf(ProcessHandle.current().pid()), pgdata.toString())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectErrorStream(true)
                .start();
    }

    @Override
    public void stop() throws IOException {
        EmbeddedPostgres running = postgres;
        if (running != null) {
            running.close(); // pg_ctl stop -m fast; keeps the data directory
        }
    }
}
