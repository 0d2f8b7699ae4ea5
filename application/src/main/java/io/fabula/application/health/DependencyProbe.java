package io.fabula.application.health;

/**
 * Asks one external dependency (a database, a broker, a cache, ...) whether it answers right now.
 *
 * <p>The port behind the per-dependency health checks: the application states what it needs to know,
 * each outbound adapter answers for its own technology with the cheapest round trip it has.
 *
 * <p>Contract for implementations:
 * <ul>
 *   <li><b>Bounded:</b> {@link #check()} returns within the adapter's configured timeout (a few seconds),
 *       also when the server is gone, hangs or drops packets. It never blocks indefinitely.</li>
 *   <li><b>Total:</b> it never throws; every failure (refused connection, timeout, authentication,
 *       an unexpected answer) becomes {@link ProbeResult.Unhealthy} with the reason and the cause.</li>
 *   <li><b>Side-effect free and idempotent:</b> calling it often (every few seconds, from several threads
 *       at once) changes nothing in the dependency and costs one small request.</li>
 * </ul>
 */
public interface DependencyProbe {

    /**
     * The dependency's name as operators see it in health reports and metrics, e.g. {@code postgres}.
     * Stable, lower case, unique among the probes of one process.
     */
    String name();

    /**
     * Performs one round trip to the dependency.
     *
     * @return {@link ProbeResult.Healthy} when the dependency answered as expected, otherwise
     *         {@link ProbeResult.Unhealthy}; never {@code null}
     */
    ProbeResult check();
}
