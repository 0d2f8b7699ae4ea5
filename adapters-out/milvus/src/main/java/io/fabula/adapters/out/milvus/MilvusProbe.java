package io.fabula.adapters.out.milvus;

import io.fabula.application.health.DependencyProbe;
import io.fabula.application.health.ProbeResult;
import java.util.List;
import java.util.Objects;

/**
 * Checks Milvus by listing collections, a request every Milvus-protocol server answers (the dedicated
 * health RPC is not implemented by every server we run against). Bounded by the connection's timeout.
 */
public final class MilvusProbe implements DependencyProbe {
    private final MilvusConnection connection;

    public MilvusProbe(MilvusConnection connection) {
        this.connection = Objects.requireNonNull(connection, "connection");
    }

    @Override
    public String name() {
        return "milvus";
    }

    @Override
    public ProbeResult check() {
        return ProbeResult.measure(() -> {
            List<String> collections = connection.client().listCollections().getCollectionNames();
            return collections.size() + " collection(s)";
        });
    }
}
