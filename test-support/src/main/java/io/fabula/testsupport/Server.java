package io.fabula.testsupport;

/** The infrastructure servers an integration test can ask for. */
public enum Server {
    POSTGRES, KAFKA, REDIS, NEO4J, MILVUS
}
