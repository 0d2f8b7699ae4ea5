package io.fabula.app;

import static io.dropwizard.testing.ConfigOverride.config;
import static org.assertj.core.api.Assertions.assertThat;

import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.DropwizardTestSupport;
import io.fabula.adapters.out.postgres.JdbiUnitOfWork;
import io.fabula.application.orchestration.Capability;
import io.fabula.application.port.out.UnitOfWork;
import io.fabula.application.session.CommandLimits;
import io.fabula.application.session.CommandOutcome;
import io.fabula.application.session.CommandRequest;
import io.fabula.application.session.HandleSessionCommand;
import io.fabula.codec.EventEnvelopeCodec;
import io.fabula.domain.event.DomainEvent;
import io.fabula.domain.event.EventPayload.Attributes;
import io.fabula.domain.event.EventType;
import io.fabula.domain.id.CommandId;
import io.fabula.domain.id.CorrelationId;
import io.fabula.domain.id.SessionId;
import io.fabula.domain.id.UserId;
import io.fabula.domain.id.UuidV7;
import io.fabula.domain.session.CommandMeta;
import io.fabula.domain.session.ExpectedVersion;
import io.fabula.domain.session.SessionCommand;
import io.fabula.domain.session.SessionEnvironment;
import io.fabula.domain.stage.Stage;
import io.fabula.infra.Endpoints;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import liquibase.Liquibase;
import liquibase.database.jvm.JdbcConnection;
import liquibase.resource.ClassLoaderResourceAccessor;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.awaitility.Awaitility;
import org.jdbi.v3.core.Jdbi;

/**
 * A whole Fabula (server role with the relay, the story projection, the orchestrator and every worker in-process)
 * on a fresh database and its own consumer groups, against the shared test servers; and a writer driving sessions
 * through the same command path the HTTP API uses.
 */
final class FlowHarness implements AutoCloseable {
    final String suffix = UUID.randomUUID().toString().replace("-", "").substring(0, 12).toLowerCase(Locale.ROOT);
    final String groupPrefix = "it-" + suffix;
    final String jdbcUrl;
    final Jdbi jdbi;
    final Endpoints.Postgres postgres;
    final Endpoints.Kafka kafka;
    final Endpoints.Redis redis;
    final Endpoints.Neo4j neo4j;
    final Endpoints.Milvus milvus;
    private final HandleSessionCommand commands;
    private final UnitOfWork unitOfWork;
    private DropwizardTestSupport<FabulaConfiguration> app;

    FlowHarness(Endpoints.Postgres postgres, Endpoints.Kafka kafka, Endpoints.Redis redis, Endpoints.Neo4j neo4j,
                Endpoints.Milvus milvus) throws Exception {
        this.postgres = postgres;
        this.kafka = kafka;
        this.redis = redis;
        this.neo4j = neo4j;
        this.milvus = milvus;
        Jdbi.create(postgres.jdbcUrl(), postgres.user(), postgres.password())
                .useHandle(handle -> handle.execute("create database flow_" + suffix)); // generated, not input
        jdbcUrl = "jdbc:postgresql://" + postgres.host() + ":" + postgres.port() + "/flow_" + suffix;
        try (Connection connection = DriverManager.getConnection(jdbcUrl, postgres.user(), postgres.password());
             Liquibase liquibase = new Liquibase(FabulaApplication.CHANGELOG, new ClassLoaderResourceAccessor(),
                     new JdbcConnection(connection))) {
            liquibase.update();
        }
        jdbi = Jdbi.create(jdbcUrl, postgres.user(), postgres.password());
        Clock clock = Clock.systemUTC();
        unitOfWork = new JdbiUnitOfWork(jdbi, new EventEnvelopeCodec());
        commands = new HandleSessionCommand(unitOfWork, new SessionEnvironment(clock, UuidV7.secure(clock),
                FabulaApplication.qualityPolicy(testFlowConfig()), "/fabula/it"), CommandLimits.defaults());
    }

    /** The settings every process of this test gets: this database, these servers, these consumer groups. */
    Map<String, String> settings() {
        Map<String, String> settings = new java.util.LinkedHashMap<>();
        settings.put("postgres.url", jdbcUrl);
        settings.put("postgres.user", postgres.user());
        settings.put("postgres.password", postgres.password());
        settings.put("kafka.bootstrapServers", kafka.bootstrapServers());
        // the shared broker holds other tests' sessions: new groups start at the end of each topic
        settings.put("kafka.properties.auto\\.offset\\.reset", "latest");
        settings.put("redis.host", redis.host());
        settings.put("redis.port", String.valueOf(redis.port()));
        settings.put("neo4j.uri", neo4j.boltUri());
        settings.put("milvus.uri", milvus.uri());
        settings.put("milvus.collection", "flow_" + suffix);
        settings.put("flow.consumerGroupPrefix", groupPrefix);
        settings.put("flow.heartbeatInterval", "1s");
        return settings;
    }

    List<ConfigOverride> overrides() {
        List<ConfigOverride> overrides = new ArrayList<>();
        settings().forEach((key, value) -> overrides.add(config(key, value)));
        return overrides;
    }

    /** Starts the whole server in this JVM with the relay and the flow in-process. */
    FlowHarness startServer(ConfigOverride... extra) throws Exception {
        List<ConfigOverride> all = overrides();
        all.addAll(List.of(config("relay.inProcess", "true"), config("flow.inProcess", "true"),
                config("story.projectInProcess", "true")));
        all.addAll(List.of(extra));
        app = new DropwizardTestSupport<>(FabulaApplication.class, RepoFiles.file("config-test.yml").toString(),
                all.toArray(ConfigOverride[]::new));
        app.before();
        return this;
    }

    /** Waits until the orchestrator and every worker group has a member with partitions (they start at the end). */
    void awaitConsumersReady(boolean orchestrator, Collection<Capability> capabilities) {
        List<String> groups = new ArrayList<>();
        if (orchestrator) {
            groups.add(groupPrefix + "-orchestrator");
        }
        capabilities.forEach(c -> groups.add(groupPrefix + "-worker-" + c.name().toLowerCase(Locale.ROOT)));
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
            Awaitility.await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500))
                    .ignoreExceptions() // a group that has not joined yet is GroupIdNotFound
                    .until(() -> {
                Map<String, ConsumerGroupDescription> described = admin.describeConsumerGroups(groups).all().get();
                return described.values().stream().allMatch(group -> group.groupState() == GroupState.STABLE
                        && group.members().stream().anyMatch(member -> !member.assignment().topicPartitions().isEmpty()));
            });
        }
    }

    void awaitAllConsumersReady() {
        awaitConsumersReady(true, EnumSet.allOf(Capability.class));
    }

    // ---- the writer ----

    record Writer(UserId user, SessionId session) {
    }

    Writer start(String seed) {
        Writer writer = new Writer(UserId.of(UUID.randomUUID().toString()), SessionId.of(UUID.randomUUID().toString()));
        CommandOutcome outcome = commands.submit(new CommandRequest("StartSession",
                Map.of("seed_idea", seed, "novel_id", UUID.randomUUID().toString())), meta(writer, ExpectedVersion.exactly(0)));
        assertThat(outcome).isInstanceOf(CommandOutcome.Accepted.class);
        return writer;
    }

    void confirm(Writer writer, Stage stage) {
        CommandOutcome outcome = commands.handle(new SessionCommand.ConfirmStage(meta(writer, ExpectedVersion.any()), stage));
        assertThat(outcome).as("confirming " + stage).isInstanceOf(CommandOutcome.Accepted.class);
    }

    List<DomainEvent> history(SessionId session) {
        return unitOfWork.transact(stores -> stores.events().history(session));
    }

    /** True once the stage's latest review proposed it to the writer. */
    boolean proposedToWriter(SessionId session, Stage stage) {
        List<DomainEvent> events = history(session);
        for (int i = events.size() - 1; i >= 0; i--) {
            DomainEvent event = events.get(i);
            if (event.payload().stage() != stage) {
                continue;
            }
            if (event.type() == EventType.REVIEW_COMPLETED || event.type() == EventType.WORLD_VALIDATION_COMPLETED) {
                return "PROPOSE".equals(event.payload().attribute(Attributes.VERDICT));
            }
            if (event.type() == EventType.FAILED) {
                throw new AssertionError("the session failed in " + stage + ": " + event.payload().attributes());
            }
        }
        return false;
    }

    /** Drives a session through every stage by confirming each proposal the quality gate proposes. */
    void driveToTheEnd(Writer writer, Duration perStage) {
        for (Stage stage : Stage.values()) {
            Awaitility.await("stage " + stage + " proposed").atMost(perStage).pollInterval(Duration.ofMillis(100))
                    .until(() -> proposedToWriter(writer.session(), stage));
            confirm(writer, stage);
        }
    }

    private static CommandMeta meta(Writer writer, ExpectedVersion version) {
        return new CommandMeta(new CommandId(UUID.randomUUID().toString()), writer.session(), version, writer.user(),
                new CorrelationId("it-" + UUID.randomUUID()), null);
    }

    // ---- reading what happened ----

    long count(String fromWhere) {
        return jdbi.withHandle(handle -> handle.createQuery("select count(*) from " + fromWhere).mapTo(Long.class).one());
    }

    /** Every record of a topic from the beginning, with its headers, read without a consumer group. */
    List<Map<String, String>> records(String topic) {
        Map<String, Object> properties = new HashMap<>();
        properties.put("bootstrap.servers", kafka.bootstrapServers());
        List<Map<String, String>> records = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(properties, new StringDeserializer(), new StringDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(10)).stream()
                    .map(info -> new TopicPartition(topic, info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                    Map<String, String> fields = new HashMap<>();
                    for (Header header : record.headers()) {
                        fields.put(header.key(), new String(header.value(), StandardCharsets.UTF_8));
                    }
                    fields.put("@key", record.key());
                    fields.put("@value", record.value());
                    records.add(fields);
                }
            }
        }
        return records;
    }

    /** The test config's quality delays (50/150/300 ms), as the application binds them. */
    static io.fabula.app.config.FlowConfig testFlowConfig() {
        return new io.fabula.app.config.FlowConfig(false, "all", io.dropwizard.util.Duration.seconds(1),
                io.dropwizard.util.Duration.seconds(60), "x", io.dropwizard.util.Duration.seconds(6),
                io.dropwizard.util.Duration.milliseconds(500), io.dropwizard.util.Duration.seconds(30),
                List.of(io.dropwizard.util.Duration.milliseconds(50), io.dropwizard.util.Duration.milliseconds(150),
                        io.dropwizard.util.Duration.milliseconds(300)));
    }


    @Override
    public void close() {
        if (app != null) {
            app.after();
        }
    }
}
