package io.fabula.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.codahale.metrics.MetricRegistry;
import io.dropwizard.lifecycle.Managed;
import io.dropwizard.util.Duration;
import io.fabula.app.config.SwitchesConfig;
import io.fabula.app.wiring.OperationsWiring;
import io.fabula.application.switches.HotSwitches;
import io.fabula.application.switches.Switch;
import io.fabula.infra.Endpoints;
import io.fabula.testsupport.Server;
import io.fabula.testsupport.WithInfra;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import redis.clients.jedis.JedisPooled;

/**
 * Switch changes reach every process within 2 s (SPEC §8): each "process" here has its own PostgreSQL and
 * Redis clients, its own cache and lifecycle, sharing only the servers, exactly like two JVMs would.
 */
@WithInfra({Server.POSTGRES, Server.REDIS})
class SwitchPropagationIT {
    private static final java.time.Duration SPEC_BOUND = java.time.Duration.ofSeconds(2);

    private final List<Managed> started = new ArrayList<>();
    private final List<JedisPooled> pools = new ArrayList<>();
    private MigratedDatabase database;
    private Endpoints.Redis redis;
    private String channel;

    @BeforeEach
    void freshDatabase(Endpoints.Postgres postgres, Endpoints.Redis redis) {
        this.database = MigratedDatabase.create(postgres, "switches");
        this.redis = redis;
        this.channel = "fabula:switches:" + UUID.randomUUID();
    }

    @AfterEach
    void stopProcesses() throws Exception {
        for (Managed managed : started) {
            managed.stop();
        }
        pools.forEach(JedisPooled::close);
    }

    private HotSwitches process(Jdbi jdbi, String broadcastChannel, java.time.Duration refresh, Map<String, String> env)
            throws Exception {
        JedisPooled pool = new JedisPooled(redis.host(), redis.port());
        pools.add(pool);
        List<Managed> lifecycle = new ArrayList<>();
        HotSwitches switches = OperationsWiring.hotSwitches(jdbi, pool, new MetricRegistry(),
                new SwitchesConfig(Duration.milliseconds(refresh.toMillis()), broadcastChannel), lifecycle::add, env);
        for (Managed managed : lifecycle) {
            managed.start();
            started.add(managed);
        }
        return switches;
    }

    private HotSwitches process() throws Exception {
        return process(database.jdbi(), channel, java.time.Duration.ofSeconds(1), Map.of());
    }

    private static long millisUntil(HotSwitches switches, Switch which, boolean expected) {
        long start = System.nanoTime();
        await().atMost(SPEC_BOUND).pollInterval(java.time.Duration.ofMillis(5)).until(() -> switches.isOn(which) == expected);
        return (System.nanoTime() - start) / 1_000_000;
    }

    @ParameterizedTest
    @EnumSource(Switch.class)
    void a_change_in_one_process_is_applied_by_another_within_two_seconds_and_back(Switch which) throws Exception {
        HotSwitches admin = process();
        HotSwitches worker = process();
        assertThat(worker.isOn(which)).isTrue();

        admin.change(which, false, "admin@example.org", "drill");
        long off = millisUntil(worker, which, false);
        admin.change(which, true, "admin@example.org", "drill over");
        long on = millisUntil(worker, which, true);

        System.out.printf("switch %s propagated off in %d ms, on in %d ms%n", which, off, on);
        assertThat(admin.audit(10)).extracting(entry -> entry.reason()).containsExactly("drill over", "drill");
    }

    @Test
    void the_redis_broadcast_alone_carries_a_change_quickly() throws Exception {
        // the periodic re-read is a minute away: only the broadcast can carry the change in time
        HotSwitches admin = process(database.jdbi(), channel, java.time.Duration.ofMinutes(1), Map.of());
        HotSwitches worker = process(database.jdbi(), channel, java.time.Duration.ofMinutes(1), Map.of());

        admin.change(Switch.EMAIL_ENABLED, false, "ops", "smtp migration");

        long millis = millisUntil(worker, Switch.EMAIL_ENABLED, false);
        System.out.printf("broadcast alone: %d ms%n", millis);
    }

    @Test
    void the_periodic_re_read_alone_carries_a_change_when_the_broadcast_is_missed() throws Exception {
        // two different channels: the worker never hears the admin's broadcast
        HotSwitches admin = process(database.jdbi(), channel + ":a", java.time.Duration.ofMinutes(1), Map.of());
        HotSwitches worker = process(database.jdbi(), channel + ":b", java.time.Duration.ofMillis(500), Map.of());

        admin.change(Switch.GRAPH_VALIDATION_ENABLED, false, "ops", "neo4j maintenance");

        millisUntil(worker, Switch.GRAPH_VALIDATION_ENABLED, false);
    }

    @Test
    void an_automatic_trip_reaches_the_other_process_and_is_audited_with_its_reason() throws Exception {
        HotSwitches worker = process();
        HotSwitches server = process();

        worker.trip(Switch.LLM_ENABLED, "11 LLM 429/5xx in the last hour");

        millisUntil(server, Switch.LLM_ENABLED, false);
        assertThat(server.audit(1)).singleElement().satisfies(entry -> {
            assertThat(entry.changedBy()).isEqualTo(HotSwitches.AUTOMATIC);
            assertThat(entry.reason()).isEqualTo("11 LLM 429/5xx in the last hour");
            assertThat(entry.oldValue()).isEmpty();
            assertThat(entry.newValue()).isFalse();
        });
    }

    @Test
    void a_process_whose_store_is_unreachable_applies_the_environment_fallback() throws Exception {
        Jdbi unreachable = Jdbi.create("jdbc:postgresql://127.0.0.1:1/nowhere?connectTimeout=1", "x", "x");
        HotSwitches isolated = process(unreachable, channel, java.time.Duration.ofSeconds(1),
                Map.of("FABULA_SWITCH_LLM_ENABLED", "false", "FABULA_SWITCH_EMAIL_ENABLED", "maybe"));

        assertThat(isolated.source()).isEqualTo(HotSwitches.Source.FALLBACK);
        assertThat(isolated.isOn(Switch.LLM_ENABLED)).isFalse();
        assertThat(isolated.isOn(Switch.EMAIL_ENABLED)).isTrue();
        assertThat(isolated.isOn(Switch.VECTOR_SEARCH_ENABLED)).isTrue();
    }
}
