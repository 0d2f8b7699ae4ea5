package io.fabula.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.codahale.metrics.MetricRegistry;
import io.fabula.adapters.in.kafka.EventStreamConsumer;
import io.fabula.adapters.out.embeddings.OnnxEmbedder;
import io.fabula.adapters.out.kafka.KafkaTopics;
import io.fabula.adapters.out.milvus.BreakingStoryMemory;
import io.fabula.adapters.out.milvus.MilvusConnection;
import io.fabula.adapters.out.milvus.MilvusStoryMemory;
import io.fabula.adapters.out.neo4j.BreakingStoryGraph;
import io.fabula.adapters.out.neo4j.Neo4jStoryGraph;
import io.fabula.application.memory.MemoryQuery;
import io.fabula.application.memory.RecallPassages;
import io.fabula.application.memory.RememberStory;
import io.fabula.application.memory.Retrieval;
import io.fabula.application.resilience.BreakerSettings;
import io.fabula.application.story.GraphValidation;
import io.fabula.application.story.StoryBranch;
import io.fabula.application.story.ValidateStoryGraph;
import io.fabula.codec.EventEnvelopeCodec;
import io.fabula.domain.event.DomainEvent;
import io.fabula.domain.event.EventMetadata;
import io.fabula.domain.event.EventPayload;
import io.fabula.domain.event.EventType;
import io.fabula.domain.id.CausationId;
import io.fabula.domain.id.CorrelationId;
import io.fabula.domain.id.EventId;
import io.fabula.domain.id.NovelId;
import io.fabula.domain.id.SessionId;
import io.fabula.domain.id.UserId;
import io.fabula.domain.stage.Stage;
import io.fabula.infra.Endpoints;
import io.fabula.testsupport.InfraProvider;
import io.fabula.testsupport.Server;
import io.fabula.testsupport.WithInfra;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.neo4j.driver.AuthTokens;
import org.neo4j.driver.Config;
import org.neo4j.driver.Driver;
import org.neo4j.driver.GraphDatabase;
import org.neo4j.driver.Values;

/**
 * SPEC §8 degrade paths on real servers (issue 8): Neo4j, then Milvus, stopped while Fabula keeps working.
 * Validation (retrieval) answers "skipped" with a reason instead of failing, the projection keeps the events it
 * could not apply, and when the server returns the same clients use it again: no restart of Fabula.
 */
@WithInfra({Server.KAFKA, Server.NEO4J, Server.MILVUS})
class StoryDegradeIT {
    private static final EventEnvelopeCodec CODEC = new EventEnvelopeCodec();
    private static final BreakerSettings BREAKER = new BreakerSettings(2, Duration.ofMillis(500));

    @Test
    void with_neo4j_down_validation_is_skipped_and_missed_events_are_projected_once_it_returns(
            Endpoints.Kafka kafka, Endpoints.Neo4j neo4jEndpoint, InfraProvider infra) throws Exception {
        Config fast = Config.builder().withConnectionTimeout(1, TimeUnit.SECONDS)
                .withConnectionAcquisitionTimeout(2, TimeUnit.SECONDS).build();
        String topic = topic(kafka);
        try (Driver driver = GraphDatabase.driver(neo4jEndpoint.boltUri(), AuthTokens.none(), fast)) {
            Neo4jStoryGraph neo4j = new Neo4jStoryGraph(driver);
            neo4j.ensureSchema();
            BreakingStoryGraph graph = new BreakingStoryGraph(neo4j, BREAKER);
            ValidateStoryGraph validate = new ValidateStoryGraph(graph, () -> true);
            EventStreamConsumer projection = new EventStreamConsumer("degrade-graph",
                    Map.of("bootstrap.servers", kafka.bootstrapServers()), "degrade-graph-" + topic, topic,
                    graph::project, new MetricRegistry());
            Thread thread = new Thread(projection, "degrade-graph");
            thread.start();
            try {
                DomainEvent before = started("A cartographer maps a city that moves at night");
                publish(kafka, topic, before);
                Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> novels(driver, before) == 1);
                assertThat(validate.handle(branch(before))).isInstanceOf(GraphValidation.Checked.class);

                infra.stop(Server.NEO4J);
                try {
                    DomainEvent during = started("A baker whose bread makes people tell the truth");
                    publish(kafka, topic, during);
                    GraphValidation skipped = validate.handle(branch(before));
                    assertThat(skipped).isInstanceOf(GraphValidation.Skipped.class);
                    assertThat(((GraphValidation.Skipped) skipped).reason()).contains("unavailable");
                    assertThat(validate.handle(branch(before))).isInstanceOf(GraphValidation.Skipped.class);
                    assertThat(graph.state()).as("two failures in a row open the breaker").isNotEqualTo("CLOSED");

                    infra.restart(Server.NEO4J);

                    // the same driver, breaker and consumer: the graph is used again and the missed event arrives
                    Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
                            assertThat(validate.handle(branch(before))).isInstanceOf(GraphValidation.Checked.class));
                    Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> novels(driver, during) == 1);
                } finally {
                    infra.restart(Server.NEO4J); // whatever happened, the next test finds its server
                }
            } finally {
                projection.close();
                thread.join(10_000);
            }
        }
    }

    @Test
    void with_milvus_down_retrieval_is_skipped_and_used_again_once_it_returns(
            Endpoints.Kafka kafka, Endpoints.Milvus milvusEndpoint, InfraProvider infra) throws Exception {
        String collection = "degrade_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        String topic = topic(kafka);
        try (MilvusConnection milvus = new MilvusConnection(milvusEndpoint.uri(), "", Duration.ofSeconds(2))) {
            MilvusStoryMemory store = new MilvusStoryMemory(milvus, new OnnxEmbedder(), collection);
            BreakingStoryMemory memory = new BreakingStoryMemory(store, BREAKER);
            RecallPassages recall = new RecallPassages(memory, () -> true);
            EventStreamConsumer projection = new EventStreamConsumer("degrade-memory",
                    Map.of("bootstrap.servers", kafka.bootstrapServers()), "degrade-memory-" + topic, topic,
                    new RememberStory(memory, () -> true)::handle, new MetricRegistry());
            Thread thread = new Thread(projection, "degrade-memory");
            thread.start();
            try {
                DomainEvent before = started("A lighthouse keeper collects letters from people who drowned at sea");
                publish(kafka, topic, before);
                Awaitility.await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                        assertThat(recall.handle(query("drowned letters", before)).passages()).isNotEmpty());

                infra.stop(Server.MILVUS);
                try {
                    DomainEvent during = started("A travelling circus crosses a desert where it never rains");
                    publish(kafka, topic, during);
                    Retrieval skipped = recall.handle(query("drowned letters", before));
                    assertThat(skipped).isInstanceOf(Retrieval.Skipped.class);

                    infra.restart(Server.MILVUS);

                    Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
                            assertThat(recall.handle(query("drowned letters", before)).passages()).isNotEmpty());
                    Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
                            assertThat(recall.handle(query("rain in the desert", during)).passages())
                                    .extracting(found -> found.passage().id()).contains(during.aggregateId() + ":seed"));
                } finally {
                    infra.restart(Server.MILVUS);
                }
            } finally {
                projection.close();
                thread.join(10_000);
                try {
                    store.clear();
                } catch (RuntimeException ignored) {
                    // best effort: the collection name is unique to this test
                }
            }
        }
    }

    private static String topic(Endpoints.Kafka kafka) {
        String topic = "genesis.session.events.degrade." + UUID.randomUUID().toString().substring(0, 8).toLowerCase(Locale.ROOT);
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
            new KafkaTopics(admin, Duration.ofSeconds(30)).ensure(List.of(topic), 1, (short) 1);
        }
        return topic;
    }

    private static void publish(Endpoints.Kafka kafka, String topic, DomainEvent event) {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of("bootstrap.servers",
                kafka.bootstrapServers(), "acks", "all"), new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(topic, event.aggregateId().toString(), CODEC.encodeToString(event)));
            producer.flush();
        }
    }

    private static DomainEvent started(String seed) {
        SessionId session = SessionId.of(UUID.randomUUID().toString());
        return new DomainEvent(EventId.of(UUID.randomUUID().toString()), EventType.STARTED, session, 1,
                new CorrelationId("degrade"), new CausationId("cmd-" + session), Instant.now(),
                new EventPayload(session, NovelId.of(UUID.randomUUID().toString()), UserId.of(UUID.randomUUID().toString()),
                        Stage.CONCEPT, seed, null, Map.of()),
                EventMetadata.current("/fabula/test", null));
    }

    private static StoryBranch branch(DomainEvent event) {
        return new StoryBranch(event.payload().novelId(), event.aggregateId());
    }

    private static MemoryQuery query(String text, DomainEvent event) {
        return MemoryQuery.inBranch(text, branch(event), 3);
    }

    private static long novels(Driver driver, DomainEvent event) {
        try (var session = driver.session()) {
            return session.run("MATCH (n:Novel {uid: $uid}) RETURN count(n) AS c",
                    Values.parameters("uid", event.aggregateId() + "/novel")).single().get("c").asLong();
        } catch (RuntimeException down) {
            return -1;
        }
    }
}
