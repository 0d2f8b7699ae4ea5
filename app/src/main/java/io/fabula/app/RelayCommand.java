package io.fabula.app;

import com.codahale.metrics.MetricRegistry;
import io.dropwizard.core.cli.ConfiguredCommand;
import io.dropwizard.core.setup.Bootstrap;
import io.dropwizard.db.ManagedDataSource;
import net.sourceforge.argparse4j.inf.Namespace;
import org.jdbi.v3.core.Jdbi;

/**
 * {@code relay}: only the outbox relay, no HTTP (SPEC §1 process roles). Several may run side by side;
 * each event still reaches Kafka once per relay hand-over at most, in order per session. Stops on
 * SIGTERM/Ctrl-C after its current batch.
 */
final class RelayCommand extends ConfiguredCommand<FabulaConfiguration> {

    RelayCommand() {
        super("relay", "Relays the outbox to Kafka (no HTTP); run one or more next to the servers");
    }

    @Override
    protected void run(Bootstrap<FabulaConfiguration> bootstrap, Namespace namespace, FabulaConfiguration config)
            throws Exception {
        MetricRegistry metrics = bootstrap.getMetricRegistry();
        ManagedDataSource dataSource = config.postgres().dataSourceFactory().build(metrics, "postgres");
        dataSource.start();
        OutboxRelay relay = FabulaApplication.outboxRelay(config, Jdbi.create(dataSource), metrics);
        Thread main = Thread.currentThread();
        Thread hook = new Thread(() -> {
            try {
                relay.stop();
                main.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "relay-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        relay.start();
        try {
            relay.join();
        } finally {
            dataSource.stop();
        }
    }
}
