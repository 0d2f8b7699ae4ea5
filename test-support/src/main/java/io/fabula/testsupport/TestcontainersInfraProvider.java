package io.fabula.testsupport;

import io.fabula.infra.Endpoints;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Neo4jContainer;
import org.testcontainers.containers.PostgreSQLContainer;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.milvus.MilvusContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * The same servers in Docker containers, for machines with a Docker engine
 * ({@code -Dfabula.infra=testcontainers}). Images match the versions the native provider runs.
 */
public final class TestcontainersInfraProvider implements InfraProvider {
    private static final DockerImageName POSTGRES = DockerImageName.parse("postgres:16-alpine");
    private static final DockerImageName KAFKA = DockerImageName.parse("apache/kafka:4.1.1");
    private static final DockerImageName REDIS = DockerImageName.parse("redis:7-alpine");
    private static final DockerImageName NEO4J = DockerImageName.parse("neo4j:5.26-community");
    private static final DockerImageName MILVUS = DockerImageName.parse("milvusdb/milvus:v2.4.17");

    private final List<GenericContainer<?>> started = new ArrayList<>();
    private Endpoints.Postgres postgres;
    private Endpoints.Kafka kafka;
    private Endpoints.Redis redis;
    private Endpoints.Neo4j neo4j;
    private Endpoints.Milvus milvus;

    @Override
    public synchronized Endpoints.Postgres postgres() {
        if (postgres == null) {
            postgres = start(() -> new PostgreSQLContainer<>(POSTGRES)
                            .withDatabaseName("fabula").withUsername("postgres").withPassword("postgres"),
                    c -> new Endpoints.Postgres(c.getHost(), c.getMappedPort(5432), "fabula", "postgres", "postgres"));
        }
        return postgres;
    }

    @Override
    public synchronized Endpoints.Kafka kafka() {
        if (kafka == null) {
            kafka = start(() -> new KafkaContainer(KAFKA), c -> new Endpoints.Kafka(c.getBootstrapServers()));
        }
        return kafka;
    }

    @Override
    public synchronized Endpoints.Redis redis() {
        if (redis == null) {
            redis = start(() -> new GenericContainer<>(REDIS).withExposedPorts(6379),
                    c -> new Endpoints.Redis(c.getHost(), c.getMappedPort(6379)));
        }
        return redis;
    }

    @Override
    public synchronized Endpoints.Neo4j neo4j() {
        if (neo4j == null) {
            neo4j = start(() -> new Neo4jContainer<>(NEO4J).withoutAuthentication(),
                    c -> new Endpoints.Neo4j(c.getBoltUrl()));
        }
        return neo4j;
    }

    @Override
    public synchronized Endpoints.Milvus milvus() {
        if (milvus == null) {
            milvus = start(() -> new MilvusContainer(MILVUS),
                    c -> new Endpoints.Milvus(c.getHost(), c.getMappedPort(19530)));
        }
        return milvus;
    }

    private <C extends GenericContainer<?>, E> E start(Supplier<C> factory, Function<C, E> endpoint) {
        C container = factory.get();
        container.start();
        started.add(container);
        return endpoint.apply(container);
    }

    /**
     * Pauses the server's container: clients lose it (their requests time out) while its mapped ports and
     * data stay, which a stopped and started container would not keep.
     */
    @Override
    public synchronized void stop(Server server) {
        GenericContainer<?> container = container(server);
        container.getDockerClient().pauseContainerCmd(container.getContainerId()).exec();
    }

    @Override
    public synchronized void restart(Server server) {
        GenericContainer<?> container = container(server);
        container.getDockerClient().unpauseContainerCmd(container.getContainerId()).exec();
    }

    private GenericContainer<?> container(Server server) {
        start(server);
        return started.stream()
                .filter(c -> switch (server) {
                    case POSTGRES -> c instanceof PostgreSQLContainer<?>;
                    case KAFKA -> c instanceof KafkaContainer;
                    case NEO4J -> c instanceof Neo4jContainer<?>;
                    case MILVUS -> c instanceof MilvusContainer;
                    case REDIS -> c.getDockerImageName().startsWith("redis");
                })
                .findFirst().orElseThrow(() -> new IllegalStateException(server + " is not running"));
    }

    @Override
    public synchronized void close() {
        started.forEach(GenericContainer::stop);
        started.clear();
        postgres = null;
        kafka = null;
        redis = null;
        neo4j = null;
        milvus = null;
    }
}
