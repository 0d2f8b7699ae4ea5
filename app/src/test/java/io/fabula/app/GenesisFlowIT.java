package io.fabula.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabula.adapters.out.redis.RedisWorkerHeartbeats;
import io.fabula.application.orchestration.Capability;
import io.fabula.domain.event.DomainEvent;
import io.fabula.domain.event.EventPayload.Attributes;
import io.fabula.domain.event.EventType;
import io.fabula.domain.failure.FailureKind;
import io.fabula.domain.stage.Stage;
import io.fabula.infra.Endpoints;
import io.fabula.testsupport.Server;
import io.fabula.testsupport.WithInfra;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.JedisPooled;

/**
 * The genesis flow end to end on real PostgreSQL, Kafka, Redis, Neo4j and Milvus (SPEC §12 E2E 1 and 3):
 * command path → outbox → relay → orchestrator → agent workers (offline model) → results → command path,
 * with the story projection feeding the graph and the memory the workers read.
 */
@WithInfra({Server.POSTGRES, Server.KAFKA, Server.REDIS, Server.NEO4J, Server.MILVUS})
class GenesisFlowIT {
    private static final Set<EventType> PROPOSALS = EnumSet.of(EventType.CONCEPT_PROPOSED, EventType.THEME_PROPOSED,
            EventType.THEME_REVISED, EventType.WORLD_CREATED, EventType.WORLD_UPDATED, EventType.CHARACTER_CREATED,
            EventType.CHARACTER_UPDATED, EventType.PLOT_CREATED, EventType.DETAILS_COMPLETED);

    private static FlowHarness fabula;

    @BeforeAll
    static void startFabula(Endpoints.Postgres postgres, Endpoints.Kafka kafka, Endpoints.Redis redis,
                            Endpoints.Neo4j neo4j, Endpoints.Milvus milvus) throws Exception {
        fabula = new FlowHarness(postgres, kafka, redis, neo4j, milvus).startServer();
        fabula.awaitAllConsumersReady();
    }

    @AfterAll
    static void stopFabula() {
        if (fabula != null) {
            fabula.close();
        }
    }

    @Test
    void a_seed_grows_through_all_six_stages_into_a_completed_story_bible() {
        FlowHarness.Writer writer = fabula.start("A lighthouse keeper collects letters from people who drowned at sea");

        fabula.driveToTheEnd(writer, Duration.ofSeconds(60));

        List<DomainEvent> events = fabula.history(writer.session());
        assertThat(events).last().extracting(DomainEvent::type).isEqualTo(EventType.FINISHED);
        Map<Stage, Long> proposals = events.stream().filter(e -> PROPOSALS.contains(e.type()))
                .collect(Collectors.groupingBy(e -> e.payload().stage(), Collectors.counting()));
        assertThat(proposals).as("one proposal per stage: no task was done twice").containsOnlyKeys(Stage.values())
                .allSatisfy((stage, count) -> assertThat(count).isEqualTo(1L));
        assertThat(events).filteredOn(e -> e.type() == EventType.PLOT_NODE_CREATED).hasSizeGreaterThanOrEqualTo(8);
        assertThat(events).filteredOn(e -> e.type() == EventType.FAILED).isEmpty();
        // every capability that took part left its agent_runs row, each call once
        String session = writer.session().toString();
        assertThat(fabula.count("agent_runs where session_id = '" + session + "' and status = 'SUCCEEDED'"))
                .isEqualTo(12); // six generations, five reviews, one fact-check
        assertThat(fabula.count("agent_runs where session_id = '" + session + "' and status <> 'SUCCEEDED'")).isZero();
        assertThat(fabula.count("agent_runs where session_id = '" + session + "' and capability = 'factcheck'")).isEqualTo(1);
        assertThat(fabula.count("agent_runs where session_id = '" + session + "' and tokens_out > 0 and latency_ms >= 0"))
                .isEqualTo(12);
        assertThat(fabula.count("consumer_dedup where consumer_group like 'worker.%'")).isGreaterThanOrEqualTo(12);
    }

    @Test
    void every_worker_process_keeps_a_heartbeat_in_redis_that_names_what_it_runs() {
        try (JedisPooled redis = new JedisPooled(fabula.redis.host(), fabula.redis.port())) {
            var beats = new RedisWorkerHeartbeats(redis);
            Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(beats.alive())
                    .anySatisfy(beat -> {
                        assertThat(beat.capabilities()).contains("orchestrator", "outline", "review", "factcheck");
                        assertThat(beat.beatAt()).isAfter(java.time.Instant.now().minusSeconds(5));
                    }));
            assertThat(redis.ttl(RedisWorkerHeartbeats.PREFIX + beats.alive().get(0).workerId())).isBetween(1L, 60L);
        }
    }

    @Test
    void a_seed_marked_low_quality_is_regenerated_three_times_with_the_gates_delays_then_dead_lettered() {
        FlowHarness.Writer writer = fabula.start("[low-quality] A clockmaker repairs time itself");

        Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() ->
                fabula.history(writer.session()).stream().anyMatch(e -> e.type() == EventType.FAILED));

        List<DomainEvent> events = fabula.history(writer.session());
        List<DomainEvent> regenerations = events.stream().filter(e -> e.type() == EventType.REGENERATION_REQUESTED).toList();
        assertThat(regenerations).extracting(e -> e.payload().attribute(Attributes.RETRY_DELAY_MS))
                .containsExactly("50", "150", "300");
        // each regenerated proposal came no earlier than its delay after the request
        for (DomainEvent request : regenerations) {
            DomainEvent next = events.stream().filter(e -> e.sequence() > request.sequence() && PROPOSALS.contains(e.type()))
                    .findFirst().orElseThrow();
            assertThat(Duration.between(request.occurredAt(), next.occurredAt()))
                    .isGreaterThanOrEqualTo(Duration.ofMillis(Long.parseLong(request.payload().attribute(Attributes.RETRY_DELAY_MS))));
        }
        assertThat(events).filteredOn(e -> PROPOSALS.contains(e.type())).hasSize(4);
        DomainEvent failed = events.get(events.size() - 1);
        assertThat(failed.type()).isEqualTo(EventType.FAILED);
        assertThat(failed.payload().attribute(Attributes.FAILURE_KIND)).isEqualTo(FailureKind.QUALITY_REJECTED.name());

        String correlation = failed.correlationId().value();
        Awaitility.await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(fabula.records(Capability.OUTLINE.taskTopic() + ".DLT"))
                        .filteredOn(record -> correlation.equals(record.get("correlation_id")))
                        .singleElement().satisfies(record -> {
                            assertThat(record).containsEntry("error_class", "QUALITY_REJECTED")
                                    .containsEntry("original_topic", Capability.OUTLINE.taskTopic())
                                    .containsEntry("attempts", "4")
                                    .containsKeys("dlt_id", "error_message", "original_offset", "original_partition");
                            assertThat(record.get("@key")).isEqualTo(writer.session().toString());
                        }));
        assertThat(fabula.count("agent_runs where session_id = '" + writer.session() + "' and capability = 'review'"))
                .isEqualTo(4);
    }
}
