package io.fabula.adapters.out.neo4j;

import io.fabula.application.health.DependencyProbe;
import io.fabula.application.health.ProbeResult;
import java.util.Objects;
import org.neo4j.driver.Driver;

/**
 * Checks Neo4j with the driver's connectivity check (opens or reuses a Bolt connection and runs the
 * handshake). Bounded by the driver's connection timeout and acquisition timeout, configured where
 * the driver is built.
 */
public final class Neo4jProbe implements DependencyProbe {
    private final Driver driver;

    public Neo4jProbe(Driver driver) {
        this.driver = Objects.requireNonNull(driver, "driver");
    }

    @Override
    public String name() {
        return "neo4j";
    }

    @Override
    public ProbeResult check() {
        return ProbeResult.measure(() -> {
            driver.verifyConnectivity();
            return "bolt connection verified";
        });
    }
}
