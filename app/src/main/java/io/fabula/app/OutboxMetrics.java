package io.fabula.app;

import com.codahale.metrics.CachedGauge;
import com.codahale.metrics.Gauge;
import com.codahale.metrics.Meter;
import com.codahale.metrics.MetricRegistry;
import com.codahale.metrics.Timer;
import io.fabula.application.relay.OutboxBacklog;
import io.fabula.application.relay.OutboxQueue;
import io.fabula.application.relay.RelayListener;
import io.fabula.application.relay.RelayOutbox;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The outbox relay's metrics (SPEC §10, issue 5), in Dropwizard's registry and so on {@code /prometheus}
 * (dots become underscores; meters get {@code _total}). Alert rules: {@code ops/prometheus/outbox-alerts.yml}.
 *
 * <ul>
 *   <li>{@value #PENDING} — rows PENDING or SENDING; {@value #OVER_BOUND} 1 above {@code relay.pendingBound}
 *       (20 000; commands are never refused for it)</li>
 *   <li>{@value #OLDEST_AGE} — seconds the oldest of them has waited since its command committed</li>
 *   <li>{@value #FAILED} — rows given up on after their retries; each needs an operator</li>
 *   <li>{@value #PUBLISHED} — rows Kafka acknowledged (rate = publish rate)</li>
 *   <li>{@value #PUBLISH_FAILURES} — failed attempts (retried later, or given up)</li>
 *   <li>{@value #BATCH} — duration of each relay batch that claimed rows (claim, publish, mark)</li>
 * </ul>
 *
 * The backlog gauges share one query, run at most once per {@code refresh} whatever the scrape rate;
 * an unreachable database reads as -1.
 */
final class OutboxMetrics implements RelayListener {
    static final String PENDING = "outbox.pending";
    static final String OVER_BOUND = "outbox.pending.over_bound";
    static final String OLDEST_AGE = "outbox.pending.oldest_age_seconds";
    static final String FAILED = "outbox.failed";
    static final String PUBLISHED = "outbox.published";
    static final String PUBLISH_FAILURES = "outbox.publish_failures";
    static final String BATCH = "outbox.relay.batch";

    private final Meter published;
    private final Meter publishFailures;
    private final Timer batches;

    OutboxMetrics(OutboxQueue queue, long pendingBound, MetricRegistry metrics, Duration refresh) {
        CachedGauge<OutboxBacklog> backlog = new CachedGauge<>(refresh.toMillis(), TimeUnit.MILLISECONDS) {
            @Override
            protected OutboxBacklog loadValue() {
                try {
                    return queue.backlog();
                } catch (RuntimeException e) {
                    return null; // read as -1 below
                }
            }
        };
        // gauge(name, supplier) registers once per registry: a second relay in the same JVM shares them
        metrics.gauge(PENDING, () -> (Gauge<Long>) () -> backlog.getValue() == null ? -1L : backlog.getValue().pending());
        metrics.gauge(OVER_BOUND, () -> (Gauge<Integer>) () ->
                backlog.getValue() != null && backlog.getValue().pending() > pendingBound ? 1 : 0);
        metrics.gauge(OLDEST_AGE, () -> (Gauge<Double>) () -> backlog.getValue() == null ? -1.0
                : backlog.getValue().oldestPendingAge().toMillis() / 1000.0);
        metrics.gauge(FAILED, () -> (Gauge<Long>) () -> backlog.getValue() == null ? -1L : backlog.getValue().failed());
        this.published = metrics.meter(PUBLISHED);
        this.publishFailures = metrics.meter(PUBLISH_FAILURES);
        this.batches = metrics.timer(BATCH);
    }

    @Override
    public void batchRelayed(RelayOutbox.Batch batch, Duration took) {
        published.mark(batch.sent());
        publishFailures.mark(batch.retried() + batch.failed());
        batches.update(took);
    }
}
