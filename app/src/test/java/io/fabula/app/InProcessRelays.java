package io.fabula.app;

import io.fabula.adapters.out.kafka.KafkaEventPublisher;
import io.fabula.adapters.out.postgres.JdbiOutboxQueue;
import io.fabula.adapters.out.postgres.PostgresOutboxSignal;
import io.fabula.application.relay.RelayConfig;
import io.fabula.application.relay.RelayLoop;
import io.fabula.application.relay.RelayOutbox;
import io.fabula.domain.failure.Backoff;
import java.security.SecureRandom;
import java.sql.DriverManager;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Jdbi;

/** Relays running in this JVM as the server runs them (claim, publish, mark; LISTEN/NOTIFY wake-up). */
final class InProcessRelays implements AutoCloseable {
    private final Jdbi jdbi;
    private final String jdbcUrl;
    private final String user;
    private final String password;
    private final RelayConfig config;
    private final List<Thread> threads = new ArrayList<>();
    private final List<AutoCloseable> resources = new ArrayList<>();

    InProcessRelays(Jdbi jdbi, String jdbcUrl, String user, String password, RelayConfig config) {
        this.jdbi = jdbi;
        this.jdbcUrl = jdbcUrl;
        this.user = user;
        this.password = password;
        this.config = config;
    }

    /** Starts one more relay publishing with {@code producer} properties (bootstrap servers, timeouts). */
    synchronized void start(Map<String, Object> producer) {
        KafkaEventPublisher publisher = new KafkaEventPublisher(producer);
        PostgresOutboxSignal signal = new PostgresOutboxSignal(() -> DriverManager.getConnection(jdbcUrl, user, password));
        resources.add(publisher);
        resources.add(signal);
        SecureRandom jitter = new SecureRandom();
        RelayLoop loop = new RelayLoop(new RelayOutbox(new JdbiOutboxQueue(jdbi), publisher, new Backoff(jitter::nextDouble),
                config), signal, config, error -> { });
        Thread thread = new Thread(loop, "it-relay-" + threads.size());
        thread.setDaemon(true);
        threads.add(thread);
        thread.start();
    }

    @Override
    public synchronized void close() throws Exception {
        for (Thread thread : threads) {
            thread.interrupt();
        }
        for (Thread thread : threads) {
            thread.join(60_000);
        }
        for (AutoCloseable resource : resources) {
            resource.close();
        }
        threads.clear();
        resources.clear();
    }
}
