package io.fabula.adapters.out.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabula.application.relay.EventPublisher;
import io.fabula.application.relay.OutboxMessage;
import io.fabula.infra.Endpoints;
import io.fabula.testsupport.Server;
import io.fabula.testsupport.WithInfra;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

@WithInfra(Server.KAFKA)
class KafkaEventPublisherIT {

    @Test
    void publishes_a_batch_keyed_by_session_with_its_headers_and_in_order_per_session(Endpoints.Kafka kafka) {
        String topic = "relay-" + UUID.randomUUID();
        try (Admin admin = admin(kafka)) {
            new KafkaTopics(admin, Duration.ofSeconds(30)).ensure(List.of(topic), 3, (short) 1);
        }
        List<OutboxMessage> batch = new ArrayList<>();
        for (int i = 1; i <= 30; i++) {
            String session = "session-" + (i % 3);
            batch.add(new OutboxMessage(i, topic, session, "{\"n\":" + i + "}",
                    Map.of("event_type", "Genesis.Session.Started", "event_id", "event-" + i, "correlation_id", "corr-" + i),
                    0, 5));
        }

        try (KafkaEventPublisher publisher = new KafkaEventPublisher(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
            assertThat(publisher.publish(batch)).as("every message acknowledged").isEmpty();
        }

        List<ConsumerRecord<String, String>> received = consume(kafka, topic, 30);
        assertThat(received).hasSize(30);
        for (String session : List.of("session-0", "session-1", "session-2")) {
            List<Integer> numbers = received.stream().filter(r -> r.key().equals(session))
                    .map(r -> Integer.parseInt(r.value().replaceAll("\\D", ""))).toList();
            assertThat(numbers).as(session + " in order").isSorted().hasSize(10);
            assertThat(received.stream().filter(r -> r.key().equals(session)).map(ConsumerRecord::partition).distinct())
                    .as("one partition per session").hasSize(1);
        }
        ConsumerRecord<String, String> first = received.stream().filter(r -> r.value().equals("{\"n\":1}")).findFirst().orElseThrow();
        assertThat(new String(first.headers().lastHeader("event_id").value(), StandardCharsets.UTF_8)).isEqualTo("event-1");
        assertThat(new String(first.headers().lastHeader("event_type").value(), StandardCharsets.UTF_8))
                .isEqualTo("Genesis.Session.Started");
        assertThat(new String(first.headers().lastHeader("correlation_id").value(), StandardCharsets.UTF_8)).isEqualTo("corr-1");
    }

    @Test
    void an_unreachable_broker_fails_every_message_of_the_batch_without_throwing() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        List<OutboxMessage> batch = List.of(
                new OutboxMessage(1, "genesis.session.events", "s", "{}", Map.of(), 0, 5),
                new OutboxMessage(2, "genesis.session.events", "s", "{}", Map.of(), 0, 5));

        try (KafkaEventPublisher publisher = new KafkaEventPublisher(Map.of(
                "bootstrap.servers", "127.0.0.1:" + closedPort,
                "max.block.ms", 1_000, "request.timeout.ms", 1_000, "delivery.timeout.ms", 1_500))) {
            long start = System.nanoTime();
            List<EventPublisher.Failure> failures = publisher.publish(batch);

            assertThat(failures).extracting(EventPublisher.Failure::messageId).containsExactly(1L, 2L);
            assertThat(failures.get(0).reason()).contains("Timeout");
            assertThat(failures).as("the broker, not the message: retried as long as the outage lasts")
                    .allMatch(EventPublisher.Failure::retriable);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).as("one bounded wait, not one per message")
                    .isLessThan(Duration.ofSeconds(10));
        }
    }

    @Test
    void creates_every_fabula_topic_once_with_the_configured_partitions(Endpoints.Kafka kafka) throws Exception {
        try (Admin admin = admin(kafka)) {
            KafkaTopics topics = new KafkaTopics(admin, Duration.ofSeconds(30));

            List<String> created = topics.ensure(KafkaTopics.names(), 4, (short) 1);
            List<String> again = topics.ensure(KafkaTopics.names(), 4, (short) 1);

            assertThat(KafkaTopics.names()).hasSize(38)
                    .contains("genesis.session.events", "genesis.session.events.DLT", "genesis.outline.tasks",
                            "genesis.worldsmith.events", "genesis.factcheck.tasks.DLT");
            assertThat(again).as("idempotent").isEmpty();
            assertThat(admin.listTopics().names().get()).containsAll(KafkaTopics.names());
            Map<String, TopicDescription> described = admin.describeTopics(created).allTopicNames().get();
            assertThat(described.values()).allSatisfy(topic -> assertThat(topic.partitions()).hasSize(4));
        }
    }

    private static Admin admin(Endpoints.Kafka kafka) {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()));
    }

    private static List<ConsumerRecord<String, String>> consume(Endpoints.Kafka kafka, String topic, int expected) {
        List<ConsumerRecord<String, String>> received = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "relay-test-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(received::add);
                return received.size() >= expected;
            });
        }
        return received;
    }
}
