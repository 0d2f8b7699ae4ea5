package io.fabula.testsupport;

import io.fabula.infra.Endpoints;

/**
 * Real infrastructure servers for integration tests. Each server starts on first request and then
 * serves every test of the JVM; {@link #close()} stops all of them.
 *
 * <p>Two implementations: {@link NativeInfraProvider} (default: child processes on free loopback
 * ports, no Docker) and {@link TestcontainersInfraProvider} ({@code -Dfabula.infra=testcontainers}).
 * A server that cannot start is a failed test with the server's own log in the message, never a skip.
 */
public interface InfraProvider extends AutoCloseable {

    Endpoints.Postgres postgres();

    Endpoints.Kafka kafka();

    Endpoints.Redis redis();

    Endpoints.Neo4j neo4j();

    Endpoints.Milvus milvus();

    /** Starts {@code server} (if it is not running yet) and returns its endpoint. */
    default Object start(Server server) {
        return switch (server) {
            case POSTGRES -> postgres();
            case KAFKA -> kafka();
            case REDIS -> redis();
            case NEO4J -> neo4j();
            case MILVUS -> milvus();
        };
    }

    /**
     * Takes {@code server} away from its clients, keeping its data and endpoint, for outage tests; it
     * comes back with {@link #restart}.
     *
     * @throws UnsupportedOperationException where the provider cannot do it
     */
    default void stop(Server server) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " cannot stop " + server);
    }

    /** Brings a {@link #stop stopped} server back at the same endpoint with its data; returns once it is ready. */
    default void restart(Server server) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " cannot restart " + server);
    }

    @Override
    void close();
}
