package io.fabula.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.dropwizard.core.cli.CheckCommand;
import io.dropwizard.core.cli.Cli;
import io.dropwizard.core.cli.ServerCommand;
import io.dropwizard.core.setup.Bootstrap;
import io.dropwizard.util.JarLocation;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The commands of the fat jar, run through Dropwizard's command line exactly as {@code java -jar} does. */
class CommandLineTest {
    private final ByteArrayOutputStream stdOut = new ByteArrayOutputStream();
    private final ByteArrayOutputStream stdErr = new ByteArrayOutputStream();

    @TempDir
    Path dir;

    private Optional<Throwable> run(String... arguments) {
        FabulaApplication application = new FabulaApplication();
        Bootstrap<FabulaConfiguration> bootstrap = new Bootstrap<>(application);
        // what Application.run(String...) does before handing over to the command line
        bootstrap.addCommand(new ServerCommand<>(application));
        bootstrap.addCommand(new CheckCommand<>(application));
        application.initialize(bootstrap);
        return new Cli(new JarLocation(FabulaApplication.class), bootstrap, stdOut, stdErr).run(arguments);
    }

    private String errors() {
        return stdErr.toString(StandardCharsets.UTF_8);
    }

    @Test
    void check_accepts_the_dev_configuration() {
        assertThat(run("check", RepoFiles.file("config-dev.yml").toString())).isEmpty();
    }

    @Test
    void check_stops_on_a_bad_value_and_names_its_key() {
        Path bad = ConfigFiles.devConfigWith(dir, "  minConnections: 2 ", "  minConnections: -1 ");

        Optional<Throwable> failure = run("check", bad.toString());

        assertThat(failure).isPresent();
        assertThat(errors()).contains("postgres.minConnections must be greater than or equal to 1");
    }

    @Test
    void check_stops_on_a_missing_section_and_names_it() {
        Path bad = ConfigFiles.devConfigWith(dir, "probes:\n  deadline: 3s\n", "");

        assertThat(run("check", bad.toString())).isPresent();
        assertThat(errors()).contains("probes must not be null");
    }

    @Test
    void dev_refuses_a_configuration_without_dev_servers_and_names_the_key() {
        Optional<Throwable> failure = run("dev", RepoFiles.file("config.yml").toString());

        assertThat(failure).isPresent();
        assertThat(errors()).contains("devServers is missing");
    }

    @Test
    void dev_refuses_endpoints_that_do_not_point_at_the_dev_servers() {
        Path moved = ConfigFiles.devConfigWith(dir, "  redisPort: 16379\n", "  redisPort: 26379\n");

        Optional<Throwable> failure = run("dev", moved.toString());

        assertThat(failure).isPresent();
        assertThat(errors()).contains("redis.port points at port 16379, but devServers.redisPort is 26379");
    }

    @Test
    void the_process_roles_are_commands_of_one_jar() {
        run("--help");

        assertThat(stdOut.toString(StandardCharsets.UTF_8)).contains("server", "check", "dev", "db", "relay");
    }
}
