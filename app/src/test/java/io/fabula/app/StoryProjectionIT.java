package io.fabula.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.codahale.metrics.MetricRegistry;
import io.fabula.adapters.in.kafka.EventStreamConsumer;
import io.fabula.adapters.out.embeddings.OnnxEmbedder;
import io.fabula.adapters.out.kafka.KafkaTopics;
import io.fabula.adapters.out.milvus.MilvusConnection;
import io.fabula.adapters.out.milvus.MilvusStoryMemory;
import io.fabula.adapters.out.neo4j.Neo4jStoryGraph;
import io.fabula.adapters.out.postgres.JdbiEventArchive;
import io.fabula.adapters.out.postgres.JdbiUnitOfWork;
import io.fabula.application.memory.MemoryQuery;
import io.fabula.application.memory.RebuildStoryMemory;
import io.fabula.application.memory.Recollection;
import io.fabula.application.memory.RememberStory;
import io.fabula.application.port.out.EventArchive;
import io.fabula.application.port.out.Outbox;
import io.fabula.application.session.CommandLimits;
import io.fabula.application.session.CommandOutcome;
import io.fabula.application.session.CommandRequest;
import io.fabula.application.session.HandleSessionCommand;
import io.fabula.application.story.StoryBranch;
import io.fabula.codec.EventEnvelopeCodec;
import io.fabula.domain.event.DomainEvent;
import io.fabula.domain.id.CommandId;
import io.fabula.domain.id.CorrelationId;
import io.fabula.domain.id.NovelId;
import io.fabula.domain.id.SessionId;
import io.fabula.domain.id.UserId;
import io.fabula.domain.id.UuidV7;
import io.fabula.domain.quality.QualityPolicy;
import io.fabula.domain.session.CommandMeta;
import io.fabula.domain.session.ExpectedVersion;
import io.fabula.domain.session.SessionEnvironment;
import io.fabula.infra.Endpoints;
import io.fabula.testsupport.Server;
import io.fabula.testsupport.WithInfra;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import liquibase.Liquibase;
import liquibase.database.jvm.JdbcConnection;
import liquibase.resource.ClassLoaderResourceAccessor;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.neo4j.driver.AuthTokens;
import org.neo4j.driver.Driver;
import org.neo4j.driver.GraphDatabase;
import org.neo4j.driver.Values;

/**
 * The story graph and the story memory fed from the session events (issue 8): through Kafka by the projection
 * consumers, and rebuilt from PostgreSQL by {@code reindex} after the collection is lost.
 */
@WithInfra({Server.POSTGRES, Server.KAFKA, Server.NEO4J, Server.MILVUS})
class StoryProjectionIT {
    private static final EventEnvelopeCodec CODEC = new EventEnvelopeCodec();
    private static OnnxEmbedder embedder;

    private final List<Thread> consumerThreads = new ArrayList<>();
    private final List<EventStreamConsumer> consumers = new ArrayList<>();
    private Jdbi jdbi;
    private HandleSessionCommand commands;
    private MilvusConnection milvus;
    private MilvusStoryMemory memory;
    private Driver neo4j;
    private String kafkaServers;
    private String topic;

    @BeforeAll
    static void loadModel() {
        embedder = new OnnxEmbedder();
    }

    @BeforeEach
    void freshStores(Endpoints.Postgres postgres, Endpoints.Kafka kafka, Endpoints.Neo4j graph, Endpoints.Milvus vectors)
            throws Exception {
        String suffix = UUID.randomUUID().toString().replace("-", "").substring(0, 12).toLowerCase(Locale.ROOT);
        Jdbi.create(postgres.jdbcUrl(), postgres.user(), postgres.password())
                .useHandle(handle -> handle.execute("create database story_" + suffix)); // generated, not input
        String url = "jdbc:postgresql://" + postgres.host() + ":" + postgres.port() + "/story_" + suffix;
        try (Connection connection = DriverManager.getConnection(url, postgres.user(), postgres.password());
             Liquibase liquibase = new Liquibase(FabulaApplication.CHANGELOG, new ClassLoaderResourceAccessor(),
                     new JdbcConnection(connection))) {
            liquibase.update();
        }
        jdbi = Jdbi.create(url, postgres.user(), postgres.password());
        Clock clock = Clock.systemUTC();
        commands = new HandleSessionCommand(new JdbiUnitOfWork(jdbi, CODEC),
                new SessionEnvironment(clock, UuidV7.secure(clock), QualityPolicy.withDefaults(), "/fabula/test"),
                CommandLimits.defaults());
        milvus = new MilvusConnection(vectors.uri(), "", Duration.ofSeconds(10));
        memory = new MilvusStoryMemory(milvus, embedder, "story_" + suffix);
        neo4j = GraphDatabase.driver(graph.boltUri(), AuthTokens.none());
        kafkaServers = kafka.bootstrapServers();
        topic = Outbox.SESSION_EVENTS + "." + suffix;
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafkaServers))) {
            new KafkaTopics(admin, Duration.ofSeconds(30)).ensure(List.of(topic), 3, (short) 1);
        }
    }

    @AfterEach
    void stopConsumers() throws Exception {
        consumers.forEach(EventStreamConsumer::close);
        for (Thread thread : consumerThreads) {
            thread.join(10_000);
        }
        memory.clear();
        milvus.close();
        neo4j.close();
    }

    @Test
    void session_events_on_kafka_reach_the_story_graph_and_the_story_memory() {
        Neo4jStoryGraph graph = new Neo4jStoryGraph(neo4j);
        graph.ensureSchema();
        consume("story-graph", graph::project);
        consume("story-memory", new RememberStory(memory, () -> true)::handle);

        SessionId lighthouse = start("A lighthouse keeper collects letters from people who drowned at sea");
        SessionId circus = start("A travelling circus crosses a desert where it never rains");
        publishEverythingIn(jdbi);

        Awaitility.await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            assertThat(novelsInGraph(lighthouse, circus)).isEqualTo(2);
            assertThat(bestMatch("letters from the drowned", lighthouse)).contains(lighthouse + ":seed");
            assertThat(bestMatch("rain in the desert", circus)).contains(circus + ":seed");
        });
    }

    @Test
    void reindex_restores_search_results_from_postgres_after_the_collection_is_lost() {
        SessionId lighthouse = start("A lighthouse keeper collects letters from people who drowned at sea");
        SessionId circus = start("A travelling circus crosses a desert where it never rains");
        EventArchive archive = new JdbiEventArchive(jdbi, CODEC);
        new RebuildStoryMemory(archive, memory).run();
        assertThat(bestMatch("letters from the drowned", lighthouse)).contains(lighthouse + ":seed");

        memory.clear(); // the collection is lost
        assertThat(bestMatch("letters from the drowned", lighthouse)).isEmpty();

        RebuildStoryMemory.Report report = new RebuildStoryMemory(archive, memory).run();

        assertThat(report.passagesWritten()).isEqualTo(2);
        assertThat(report.eventsRead()).isGreaterThanOrEqualTo(2);
        assertThat(bestMatch("letters from the drowned", lighthouse)).contains(lighthouse + ":seed");
        assertThat(bestMatch("rain in the desert", circus)).contains(circus + ":seed");
    }

    @Test
    void an_event_the_store_cannot_take_is_retried_until_it_is_and_nothing_after_it_overtakes_it() {
        SessionId session = start("A clockmaker repairs time itself");
        List<DomainEvent> history = commandsHistory(session);
        DomainEvent first = history.get(0);
        AtomicInteger refusals = new AtomicInteger();
        List<Long> applied = new CopyOnWriteArrayList<>();
        consume("flaky", event -> {
            if (event.eventId().equals(first.eventId()) && refusals.getAndIncrement() < 2) {
                throw new IllegalStateException("store unavailable");
            }
            applied.add(event.sequence());
        });

        publishEverythingIn(jdbi);

        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(applied).containsExactlyElementsOf(history.stream().map(DomainEvent::sequence).toList()));
        assertThat(refusals.get()).isGreaterThanOrEqualTo(3);
    }

    private SessionId start(String seed) {
        SessionId id = SessionId.of(UUID.randomUUID().toString());
        UserId writer = UserId.of(UUID.randomUUID().toString());
        CommandMeta meta = new CommandMeta(new CommandId(UUID.randomUUID().toString()), id, ExpectedVersion.exactly(0), writer,
                new CorrelationId(UUID.randomUUID().toString()), null);
        CommandOutcome outcome = commands.submit(new CommandRequest("StartSession",
                Map.of("seed_idea", seed, "novel_id", UUID.randomUUID().toString())), meta);
        assertThat(outcome).isInstanceOf(CommandOutcome.Accepted.class);
        return id;
    }

    private List<DomainEvent> commandsHistory(SessionId session) {
        return new JdbiEventArchive(jdbi, CODEC).read(0, 1_000).events().stream()
                .filter(event -> event.aggregateId().equals(session)).toList();
    }

    /** What the relay does, without the relay: every stored event to the topic, keyed by session. */
    private void publishEverythingIn(Jdbi database) {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of("bootstrap.servers", kafkaServers,
                "acks", "all"), new StringSerializer(), new StringSerializer())) {
            for (DomainEvent event : new JdbiEventArchive(database, CODEC).read(0, 1_000).events()) {
                producer.send(new ProducerRecord<>(topic, event.aggregateId().toString(), CODEC.encodeToString(event)));
            }
            producer.flush();
        }
    }

    private void consume(String name, EventStreamConsumer.Handler handler) {
        EventStreamConsumer consumer = new EventStreamConsumer(name, Map.of("bootstrap.servers", kafkaServers),
                "test-" + name + "-" + topic, topic, handler, new MetricRegistry());
        Thread thread = new Thread(consumer, "test-consumer-" + name);
        thread.start();
        consumers.add(consumer);
        consumerThreads.add(thread);
    }

    private long novelsInGraph(SessionId... sessions) {
        List<String> uids = java.util.Arrays.stream(sessions).map(s -> s + "/novel").toList();
        try (var session = neo4j.session()) {
            return session.run("MATCH (n:Novel) WHERE n.uid IN $uids RETURN count(n) AS c",
                    Values.parameters("uids", uids)).single().get("c").asLong();
        }
    }

    private Optional<String> bestMatch(String text, SessionId branch) {
        NovelId novel = novelOf(branch);
        List<Recollection> found = memory.search(new MemoryQuery(text, novel, Optional.empty(), Set.of(), 1));
        return found.stream().findFirst().map(recollection -> recollection.passage().id());
    }

    private final Map<SessionId, NovelId> novels = new ConcurrentHashMap<>();

    private NovelId novelOf(SessionId session) {
        return novels.computeIfAbsent(session, s -> commandsHistory(s).get(0).payload().novelId());
    }
}
