package io.fabula.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChildProcessTest {

    @TempDir
    Path dir;

    @Test
    void a_child_that_watches_its_stdin_stops_when_closed_and_its_log_is_kept() {
        ChildProcess child = ChildProcess.start("echo", List.of("sh", "-c", "echo FABULA-READY now; cat >/dev/null"),
                dir.resolve("echo.log"), Map.of());

        child.awaitLogLine("FABULA-READY", Duration.ofSeconds(10));
        child.close();

        assertThat(child.isAlive()).isFalse();
        assertThat(child.logTail()).contains("FABULA-READY now");
    }

    @Test
    void a_child_that_exits_before_it_is_ready_fails_the_wait_with_its_exit_code_and_log() {
        ChildProcess child = ChildProcess.start("broken", List.of("sh", "-c", "echo port already in use; exit 3"),
                dir.resolve("broken.log"), Map.of());

        assertThatThrownBy(() -> child.awaitLogLine("FABULA-READY", Duration.ofSeconds(10)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("broken exited with code 3")
                .hasMessageContaining("port already in use");
    }

    @Test
    void a_child_that_never_gets_ready_is_stopped_when_the_wait_times_out() {
        ChildProcess child = ChildProcess.start("silent", List.of("sh", "-c", "cat >/dev/null"),
                dir.resolve("silent.log"), Map.of());

        assertThatThrownBy(() -> child.awaitLogLine("FABULA-READY", Duration.ofMillis(300)))
                .hasMessageContaining("did not show a log line starting with 'FABULA-READY'");
        assertThat(child.isAlive()).isFalse();
    }

    @Test
    void kill_ends_the_child_at_once_like_a_crash() {
        ChildProcess child = ChildProcess.start("stubborn", List.of("sh", "-c", "trap '' TERM; cat >/dev/null"),
                dir.resolve("stubborn.log"), Map.of());

        child.kill();

        assertThat(child.isAlive()).isFalse();
    }

    @Test
    void server_options_are_read_by_name_and_a_missing_one_is_named() {
        ChildServer.Options options = ChildServer.Options.parse(new String[] {"--port", "5432", "--data-dir", "var/pg"});

        assertThat(options.port("--port")).isEqualTo(5432);
        assertThat(options.directory("--data-dir")).isEqualTo(Path.of("var/pg").toAbsolutePath());
        assertThatThrownBy(() -> options.required("--controller-port")).hasMessageContaining("missing --controller-port");
        assertThatThrownBy(() -> ChildServer.Options.parse(new String[] {"--port"}))
                .hasMessageContaining("expected --name value pairs");
    }
}
