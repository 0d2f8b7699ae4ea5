package io.fabula.infra;

/** Where each infrastructure server answers; what clients need and nothing else. */
public final class Endpoints {
    private Endpoints() {
    }

    public record Postgres(String host, int port, String database, String user, String password) {
        public String jdbcUrl() {
            return "jdbc:postgresql://" + host + ":" + port + "/" + database;
        }
    }

    public record Kafka(String bootstrapServers) {
    }

    public record Redis(String host, int port) {
        public String uri() {
            return "redis://" + host + ":" + port;
        }
    }

    public record Neo4j(String boltUri) {
    }

    public record Milvus(String host, int port) {
        public String uri() {
            return "http://" + host + ":" + port;
        }
    }
}
