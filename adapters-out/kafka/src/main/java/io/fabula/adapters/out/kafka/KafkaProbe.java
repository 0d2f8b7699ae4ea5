package io.fabula.adapters.out.kafka;

import io.fabula.application.health.DependencyProbe;
import io.fabula.application.health.ProbeResult;
import java.time.Duration;
import java.util.Collection;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.DescribeClusterResult;
import org.apache.kafka.common.Node;

/**
 * Checks Kafka by asking the cluster to describe itself (a metadata request answered by any broker).
 * The request carries its own timeout, so a stopped broker costs at most {@code timeout}.
 */
public final class KafkaProbe implements DependencyProbe {
    private final Admin admin;
    private final Duration timeout;

    public KafkaProbe(Admin admin, Duration timeout) {
        this.admin = Objects.requireNonNull(admin, "admin");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
    }

    @Override
    public String name() {
        return "kafka";
    }

    @Override
    public ProbeResult check() {
        return ProbeResult.measure(() -> {
            int timeoutMs = (int) timeout.toMillis();
            DescribeClusterResult cluster = admin.describeCluster(new DescribeClusterOptions().timeoutMs(timeoutMs));
            // the future is bounded by the request timeout already; the extra wait only guards against a client bug
            Collection<Node> nodes = cluster.nodes().get(timeoutMs + 500L, TimeUnit.MILLISECONDS);
            String clusterId = cluster.clusterId().get(timeoutMs + 500L, TimeUnit.MILLISECONDS);
            if (nodes.isEmpty()) {
                throw new IllegalStateException("cluster " + clusterId + " has no live broker");
            }
            return "cluster " + clusterId + ", " + nodes.size() + " broker(s)";
        });
    }
}
