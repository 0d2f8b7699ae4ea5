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
        return endpoint(Server.POSTGRES, Endpoints.Postgres.class,
                () -> servers.postgres(dir(Server.POSTGRES), NativeServers.freePort()));
    }

    @Override
    public Endpoints.Kafka kafka() {
        return endpoint(Server.KAFKA, Endpoints.Kafka.class,
                () -> servers.kafka(dir(Server.KAFKA), NativeServers.freePort(), NativeServers.freePort()));
    }

    @Override
    public Endpoints.Redis redis() {
        return endpoint(Server.REDIS, Endpoints.Redis.class,
                () -> servers.redis(dir(Server.REDIS), NativeServers.freePort(), false));
    }

    @Override
    public Endpoints.Neo4j neo4j() {
        return endpoint(Server.NEO4J, Endpoints.Neo4j.class,
                () -> servers.neo4j(dir(Server.NEO4J), NativeServers.freePort()));
    }

    @Override
    public Endpoints.Milvus milvus() {
        return endpoint(Server.MILVUS, Endpoints.Milvus.class,
                () -> servers.milvus(dir(Server.MILVUS), NativeServers.freePort()));
    }

    /** The running server, for tests that stop or kill a dependency on purpose. */
    public synchronized RunningServer<?> running(Server server) {
        start(server);
        return running.get(server);
    }

    /** Forgets a server that a test stopped, so that the next request starts a fresh one. */
    public synchronized void forget(Server server) {
        RunningServer<?> stopped = running.remove(server);
        if (stopped != null) {
            stopped.close();
        }
    }

    private synchronized <E> E endpoint(Server server, Class<E> type, Supplier<RunningServer<E>> starter) {
        RunningServer<?> current = running.get(server);
        if (current == null || !current.isAlive()) {
            if (current != null) {
                current.close();
            }
            current = starter.get();
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
