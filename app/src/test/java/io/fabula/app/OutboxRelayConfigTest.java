package io.fabula.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import io.dropwizard.util.Duration;
import io.fabula.app.config.OutboxRelayConfig;
import io.fabula.application.relay.RelayConfig;
import org.junit.jupiter.api.Test;

class OutboxRelayConfigTest {

    @Test
    void the_defaults_carry_the_numbers_of_the_specification() throws Exception {
        RelayConfig relay = ConfigFiles.bind(RepoFiles.file("config.yml")).relay().settings();

        assertThat(relay.batchSize()).isEqualTo(100);
        assertThat(relay.maxDelay()).isEqualTo(java.time.Duration.ofSeconds(60));
        assertThat(relay.pendingBound()).isEqualTo(20_000);
    }

    @Test
    void dev_relays_in_process_and_tests_start_their_own_relay() throws Exception {
        assertThat(ConfigFiles.bind(RepoFiles.file("config-dev.yml")).relay().inProcess()).isTrue();
        assertThat(ConfigFiles.bind(RepoFiles.file("config-test.yml")).relay().inProcess()).isFalse();
    }

    @Test
    void a_poll_interval_above_the_maximum_delay_is_refused_naming_both() {
        OutboxRelayConfig config = new OutboxRelayConfig(true, 100, Duration.seconds(30), Duration.seconds(10),
                Duration.seconds(60), 20_000L, 3, 1);

        assertThatIllegalArgumentException().isThrownBy(config::settings)
                .withMessageContaining("pollInterval").withMessageContaining("maxDelay");
    }
}
