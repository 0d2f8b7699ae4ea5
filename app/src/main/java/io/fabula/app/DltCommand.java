package io.fabula.app;

import com.codahale.metrics.MetricRegistry;
import io.dropwizard.core.cli.ConfiguredCommand;
import io.dropwizard.core.setup.Bootstrap;
import io.dropwizard.db.ManagedDataSource;
import io.fabula.adapters.out.postgres.JdbiFlowUnitOfWork;
import io.fabula.application.flow.DeadLetter;
import io.fabula.application.flow.ReplayDeadLetter;
import io.fabula.codec.flow.FlowCodec;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import net.sourceforge.argparse4j.impl.Arguments;
import net.sourceforge.argparse4j.inf.Namespace;
import net.sourceforge.argparse4j.inf.Subparser;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.jdbi.v3.core.Jdbi;

/**
 * {@code dlt list config.yml --topic genesis.review.tasks.DLT} shows what is parked on a dead-letter topic;
 * {@code dlt replay config.yml --topic ... --id <dlt_id>} re-injects one message onto its original topic
 * (through the outbox, with a replay generation so workers treat it as new work). Replay after the cause is
 * fixed: the model is back, the switch is on, the budget was raised, the bug is deployed (ops/runbook.md).
 */
final class DltCommand extends ConfiguredCommand<FabulaConfiguration> {
    private final PrintStream out;

    DltCommand() {
        this(System.out);
    }

    DltCommand(PrintStream out) {
        super("dlt", "Lists or replays the messages parked on a dead-letter topic");
        this.out = out;
    }

    @Override
    public void configure(Subparser subparser) {
        super.configure(subparser);
        subparser.addArgument("action").choices("list", "replay").help("list the parked messages, or replay one");
        subparser.addArgument("--topic").dest("topic").required(true).help("the dead-letter topic, e.g. genesis.outline.tasks.DLT");
        subparser.addArgument("--id").dest("id").help("replay: the dlt_id of the message (see list)");
        subparser.addArgument("--timeout").dest("timeout").type(Integer.class).setDefault(15)
                .help("seconds to wait for Kafka while reading the topic").action(Arguments.store());
    }

    @Override
    protected void run(Bootstrap<FabulaConfiguration> bootstrap, Namespace namespace, FabulaConfiguration config)
            throws Exception {
        String topic = namespace.getString("topic");
        if (!topic.endsWith(DeadLetter.SUFFIX)) {
            throw new IllegalArgumentException("--topic must be a dead-letter topic ending in " + DeadLetter.SUFFIX + ": " + topic);
        }
        List<Parked> parked = read(config, topic, Duration.ofSeconds(namespace.getInt("timeout")));
        if (namespace.getString("action").equals("list")) {
            out.printf("%d message(s) on %s%n", parked.size(), topic);
            for (Parked entry : parked) {
                DeadLetter letter = entry.letter();
                out.printf("%s  %s  %s x%d  from %s[%d]@%d  %s%n", letter.id(), letter.at(), letter.kind(), letter.attempts(),
                        letter.original().topic(), letter.original().partition(), letter.original().offset(), letter.message());
            }
            return;
        }
        String id = Optional.ofNullable(namespace.getString("id"))
                .orElseThrow(() -> new IllegalArgumentException("replay needs --id <dlt_id> (see dlt list)"));
        DeadLetter letter = parked.stream().map(Parked::letter).filter(l -> l.id().toString().equals(id)).reduce((a, b) -> b)
                .orElseThrow(() -> new IllegalArgumentException("no message with dlt_id " + id + " on " + topic));
        MetricRegistry metrics = bootstrap.getMetricRegistry();
        ManagedDataSource dataSource = config.postgres().dataSourceFactory().build(metrics, "postgres");
        dataSource.start();
        try {
            int generation = new ReplayDeadLetter(new JdbiFlowUnitOfWork(Jdbi.create(dataSource), new FlowCodec())).handle(letter);
            out.printf("replayed %s onto %s (replay %d); the outbox relay publishes it%n", id, letter.original().topic(), generation);
        } finally {
            dataSource.stop();
        }
    }

    record Parked(DeadLetter letter, long offset) {
    }

    /** Reads the whole topic, beginning to end, without joining a consumer group. */
    static List<Parked> read(FabulaConfiguration config, String topic, Duration timeout) {
        Map<String, Object> properties = new HashMap<>(config.kafka().consumerProperties());
        properties.put("enable.auto.commit", "false");
        FlowCodec codec = new FlowCodec();
        List<Parked> parked = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(properties, new StringDeserializer(), new StringDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, timeout).stream()
                    .map(info -> new TopicPartition(topic, info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, timeout);
            long deadline = System.nanoTime() + timeout.toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p, timeout) < end.get(p))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("Kafka did not deliver " + topic + " within " + timeout);
                }
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                    try {
                        parked.add(new Parked(codec.decodeDeadLetter(record.value()), record.offset()));
                    } catch (IllegalArgumentException e) {
                        Header id = record.headers().lastHeader("dlt_id");
                        System.err.printf("skipping an unreadable record at %d (dlt_id %s): %s%n", record.offset(),
                                id == null ? "-" : new String(id.value(), StandardCharsets.UTF_8), e.getMessage());
                    }
                }
            }
        }
        return parked;
    }
}
