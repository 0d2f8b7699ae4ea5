package io.fabula.infra.postgres;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
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
public final class PostgresServerMain {
    private static final String HOST = "127.0.0.1";
    private static final String DATABASE = "fabula";

    private static volatile EmbeddedPostgres postgres;

    private PostgresServerMain() {
    }

    public static void main(String[] args) {
        Runtime.getRuntime().addShutdownHook(new Thread(PostgresServerMain::stop, "postgres-stop"));
        watchStdin(); // after the hook: an early EOF must still stop what has been started
        try {
            Map<String, String> options = options(args);
            int port = Integer.parseInt(required(options, "--port"));
            Path dataDir = Path.of(required(options, "--data-dir")).toAbsolutePath();
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
            System.out.println("FABULA-READY postgres " + HOST + ":" + port + "/" + DATABASE);
            System.out.flush();
            Thread.currentThread().join(); // serve until stdin EOF or SIGTERM ends the JVM
        } catch (Throwable e) {
            System.err.println("postgres server failed to start: " + e);
            e.printStackTrace();
            System.exit(1);
        }
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

    private static void createDatabaseIfMissing() throws Exception {
        try (Connection connection = postgres.getPostgresDatabase().getConnection();
             Statement statement = connection.createStatement()) {
            try (ResultSet rs = statement.executeQuery("select 1 from pg_database where datname = '" + DATABASE + "'")) {
                if (rs.next()) {
                    return;
                }
            }
            statement.execute("create database " + DATABASE);
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

    private static void stop() {
        EmbeddedPostgres running = postgres;
        if (running != null) {
            try {
                running.close(); // pg_ctl stop -m fast; keeps the data directory
            } catch (IOException e) {
                System.err.println("postgres did not stop cleanly: " + e);
            }
        }
    }

    /** Our parent holds the other end of stdin: EOF means it stopped or died, so we stop too. */
    private static void watchStdin() {
        Thread watcher = new Thread(() -> {
            try (InputStream in = System.in) {
                while (in.read() != -1) {
                    // nothing is sent on purpose; we only wait for the end of the stream
                }
            } catch (IOException ignored) {
                // a broken pipe is an end of stream too
            }
            System.exit(0); // the shutdown hook stops PostgreSQL
        }, "stdin-watch");
        watcher.setDaemon(true);
        watcher.start();
    }

    private static Map<String, String> options(String[] args) {
        if (args.length % 2 != 0) {
            throw new IllegalArgumentException("usage: --port P --data-dir D, got " + List.of(args));
        }
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i < args.length; i += 2) {
            options.put(args[i], args[i + 1]);
        }
        return options;
    }

    private static String required(Map<String, String> options, String name) {
        String value = options.get(name);
        if (value == null) {
            throw new IllegalArgumentException("missing " + name);
        }
        return value;
    }
}
