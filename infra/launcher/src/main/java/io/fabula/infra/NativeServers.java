package io.fabula.infra;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Starts the five infrastructure servers natively, each as a child process: PostgreSQL, Kafka (KRaft)
 * and Neo4j in child JVMs with their own classpath (built by the {@code infra/*-server} modules into
 * {@code target/server-lib}), Redis from Debian's {@code redis-server}, Milvus from a Python package.
 * Used by the tests' native provider and by {@code fabula dev}.
 */
public final class NativeServers {
    public static final String LOOPBACK = "127.0.0.1";
    /** What every server main prints once it is ready for clients. */
    public static final String READY_MARKER = "FABULA-READY";

    private static final Duration JVM_SERVER_START = Duration.ofSeconds(120);
    private static final Duration NATIVE_SERVER_START = Duration.ofSeconds(60);
    /**
     * The opens Neo4j's own launcher passes: without them its page cache and transaction logs fall back to
     * slower paths (warnings in debug.log: no reflective access to DirectByteBuffer / file descriptors).
     */
    private static final List<String> NEO4J_JVM_OPTIONS = List.of("-Xmx1g",
            "--add-opens=java.base/java.nio=ALL-UNNAMED", "--add-opens=java.base/java.io=ALL-UNNAMED",
            "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED");

    private final FabulaHome home;

    public NativeServers(FabulaHome home) {
        this.home = home;
    }

    public RunningServer<Endpoints.Postgres> postgres(Path dataDir, int port) {
        // 256m, not less: zonky unpacks the PostgreSQL binaries in memory on a fresh data dir (96m ran out)
        ChildProcess child = startJvmServer("postgres", "io.fabula.infra.postgres.PostgresServerMain", List.of("-Xmx256m"),
                dataDir, List.of("--port", String.valueOf(port), "--data-dir", dataDir.toString()));
        return new RunningServer<>(new Endpoints.Postgres(LOOPBACK, port, "fabula", "postgres", "postgres"), child);
    }

    public RunningServer<Endpoints.Kafka> kafka(Path dataDir, int port, int controllerPort) {
        ChildProcess child = startJvmServer("kafka", "io.fabula.infra.kafka.KafkaServerMain", List.of("-Xmx768m"),
                dataDir, List.of("--port", String.valueOf(port), "--controller-port", String.valueOf(controllerPort),
                        "--data-dir", dataDir.toString()));
        return new RunningServer<>(new Endpoints.Kafka(LOOPBACK + ":" + port), child);
    }

    public RunningServer<Endpoints.Neo4j> neo4j(Path dataDir, int port) {
        ChildProcess child = startJvmServer("neo4j", "io.fabula.infra.neo4j.Neo4jServerMain", NEO4J_JVM_OPTIONS,
                dataDir, List.of("--port", String.valueOf(port), "--data-dir", dataDir.toString()));
        return new RunningServer<>(new Endpoints.Neo4j("bolt://" + LOOPBACK + ":" + port), child);
    }

    /**
     * Debian's redis-server. It does not watch stdin, so a tiny shell guard does: when the pipe
     * closes (this JVM stopped or died) the guard stops Redis.
     *
     * @param persistent keep an append-only file under {@code dataDir} (dev), or nothing at all (tests)
     */
    public RunningServer<Endpoints.Redis> redis(Path dataDir, int port, boolean persistent) {
        List<String> redisArgs = new ArrayList<>(List.of(home.redisServer(), "--port", String.valueOf(port),
                "--bind", LOOPBACK, "--dir", mkdirs(dataDir).toString(), "--save", "", "--daemonize", "no",
                "--protected-mode", "yes"));
        redisArgs.addAll(persistent ? List.of("--appendonly", "yes") : List.of("--appendonly", "no"));
        List<String> command = new ArrayList<>(List.of("sh", "-c",
                "\"$@\" & pid=$!; trap 'kill $pid' TERM INT; cat >/dev/null; kill $pid 2>/dev/null; wait $pid",
                "redis-guard"));
        command.addAll(redisArgs);
        ChildProcess child = ChildProcess.start("redis", command, logFile(dataDir, "redis"), Map.of());
        child.awaitPort(LOOPBACK, port, NATIVE_SERVER_START);
        return new RunningServer<>(new Endpoints.Redis(LOOPBACK, port), child);
    }

    /** A Milvus-protocol server from a Python package, launched by {@code infra/milvus/milvus_server.py}. */
    public RunningServer<Endpoints.Milvus> milvus(Path dataDir, int port) {
        List<String> command = List.of(home.python(), "-u", home.milvusLauncher().toString(),
                "--port", String.valueOf(port), "--data-dir", mkdirs(dataDir).toString());
        ChildProcess child = ChildProcess.start("milvus", command, logFile(dataDir, "milvus"), Map.of());
        child.awaitLogLine(READY_MARKER, JVM_SERVER_START);
        return new RunningServer<>(new Endpoints.Milvus(LOOPBACK, port), child);
    }

    private ChildProcess startJvmServer(String name, String mainClass, List<String> jvmOptions, Path dataDir,
                                        List<String> args) {
        List<String> command = new ArrayList<>(List.of(javaExecutable()));
        command.addAll(jvmOptions);
        command.addAll(List.of("-XX:+UseSerialGC", "-Djava.io.tmpdir=" + mkdirs(dataDir.resolve("tmp")),
                "-cp", home.serverClasspath(name), mainClass));
        command.addAll(args);
        ChildProcess child = ChildProcess.start(name, command, logFile(dataDir, name), Map.of());
        child.awaitLogLine(READY_MARKER, JVM_SERVER_START);
        return child;
    }

    private static Path logFile(Path dataDir, String name) {
        return dataDir.resolve(name + ".log");
    }

    private static String javaExecutable() {
        return ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }

    static Path mkdirs(Path dir) {
        try {
            return Files.createDirectories(dir.toAbsolutePath());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dir, e);
        }
    }

    /** A free TCP port on the loopback interface (tests start servers on ports nobody else uses). */
    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(LOOPBACK))) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free loopback port", e);
        }
    }

    /** Joins classpath entries with the platform separator. */
    static String classpath(List<String> entries) {
        return String.join(File.pathSeparator, entries);
    }
}
