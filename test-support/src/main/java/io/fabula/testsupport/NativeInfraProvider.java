package io.fabula.testsupport;

import io.fabula.infra.Endpoints;
import io.fabula.infra.FabulaHome;
import io.fabula.infra.NativeServers;
import io.fabula.infra.RunningServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * Starts each server natively, once per JVM, on free loopback ports, with its data in a temporary
 * folder that is deleted on {@link #close()}. No Docker needed.
 */
public final class NativeInfraProvider implements InfraProvider {
    private final NativeServers servers;
    private final Path dataRoot;
    private final Map<Server, RunningServer<?>> running = new EnumMap<>(Server.class);
    /** How each server is started, ports chosen once: a restarted server answers where it did before. */
    private final Map<Server, Supplier<RunningServer<?>>> starters = new EnumMap<>(Server.class);

    public NativeInfraProvider(FabulaHome home) {
        this.servers = new NativeServers(home);
        try {
            this.dataRoot = Files.createTempDirectory("fabula-it-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a data folder for the test servers", e);
        }
    }

    @Override
    public Endpoints.Postgres postgres() {
        return endpoint(Server.POSTGRES, Endpoints.Postgres.class);
    }

    @Override
    public Endpoints.Kafka kafka() {
        return endpoint(Server.KAFKA, Endpoints.Kafka.class);
    }

    @Override
    public Endpoints.Redis redis() {
        return endpoint(Server.REDIS, Endpoints.Redis.class);
    }

    @Override
    public Endpoints.Neo4j neo4j() {
        return endpoint(Server.NEO4J, Endpoints.Neo4j.class);
    }

    @Override
    public Endpoints.Milvus milvus() {
        return endpoint(Server.MILVUS, Endpoints.Milvus.class);
    }

    private Supplier<RunningServer<?>> starter(Server server) {
        return starters.computeIfAbsent(server, s -> {
            Path dir = dir(s);
            int port = NativeServers.freePort();
            return switch (s) {
                case POSTGRES -> () -> servers.postgres(dir, port);
                case KAFKA -> {
                    int controllerPort = NativeServers.freePort();
                    yield () -> servers.kafka(dir, port, controllerPort);
                }
                case REDIS -> () -> servers.redis(dir, port, false);
                case NEO4J -> () -> servers.neo4j(dir, port);
                case MILVUS -> () -> servers.milvus(dir, port);
            };
        });
    }

    /**
     * Stops {@code server} cleanly and keeps its data and ports: clients see it go away, and
     * {@link #restart} brings it back at the same endpoint (outage tests). Until then, asking for its
     * endpoint starts it again too.
     */
    @Override
    public synchronized void stop(Server server) {
        RunningServer<?> current = running.remove(server);
        if (current != null) {
            current.close();
        }
    }

    /** Starts a server {@link #stop stopped} before, on the same ports with the same data; returns once it is ready. */
    @Override
    public synchronized void restart(Server server) {
        start(server);
    }

    /** The running server, for tests that stop or kill a dependency on purpose. */
    public synchronized RunningServer<?> running(Server server) {
        start(server);
        return running.get(server);
    }

    /** Forgets a server that a test stopped, so that the next request starts a fresh one on new ports. */
    public synchronized void forget(Server server) {
        stop(server);
        starters.remove(server);
    }

    private synchronized <E> E endpoint(Server server, Class<E> type) {
        RunningServer<?> current = running.get(server);
        if (current == null || !current.isAlive()) {
            if (current != null) {
                current.close();
            }
            current = starter(server).get();
            running.put(server, current);
        }
        return type.cast(current.endpoint());
    }

    private Path dir(Server server) {
        return dataRoot.resolve(server.name().toLowerCase());
    }

    @Override
    public synchronized void close() {
        running.values().parallelStream().forEach(RunningServer::close);
        running.clear();
        deleteRecursively(dataRoot);
    }

    private static void deleteRecursively(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete the test servers' data in " + root, e);
        }
    }
}
