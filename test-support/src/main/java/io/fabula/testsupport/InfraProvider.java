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

    @Override
    void close();
}
