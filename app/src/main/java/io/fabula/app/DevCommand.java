package io.fabula.app;

import io.dropwizard.core.Application;
import io.dropwizard.core.cli.ServerCommand;
import io.dropwizard.core.setup.Bootstrap;
import io.dropwizard.core.setup.Environment;
import io.dropwizard.lifecycle.ServerLifecycleListener;
import io.fabula.app.config.DevServersConfig;
import io.fabula.infra.FabulaHome;
import io.fabula.infra.NativeServers;
import java.io.PrintStream;
import java.sql.Connection;
import java.sql.DriverManager;
import liquibase.Contexts;
import liquibase.LabelExpression;
import liquibase.Liquibase;
import liquibase.database.jvm.JdbcConnection;
import liquibase.resource.ClassLoaderResourceAccessor;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import net.sourceforge.argparse4j.impl.Arguments;
import net.sourceforge.argparse4j.inf.Namespace;
import net.sourceforge.argparse4j.inf.Subparser;
import org.eclipse.jetty.server.Server;

/**
 * {@code dev}: the whole of Fabula on one machine. Starts the five infrastructure servers natively as
 * child processes (data under {@code devServers.dataDir}, on the fixed {@code devServers} ports), then
 * the server in this JVM, and prints where everything listens. Ctrl-C stops everything: Jetty and the
 * launcher's shutdown hooks (the children also stop by themselves if this JVM dies).
 */
final class DevCommand extends ServerCommand<FabulaConfiguration> {
    private final PrintStream out;

    DevCommand(Application<FabulaConfiguration> application) {
        this(application, System.out);
    }

    DevCommand(Application<FabulaConfiguration> application, PrintStream out) {
        super(application, "dev", "Runs the server with PostgreSQL, Kafka, Redis, Neo4j and Milvus started "
                + "natively as child processes (data under devServers.dataDir)");
        this.out = out;
    }

    @Override
    public void configure(Subparser subparser) {
        super.configure(subparser);
        subparser.addArgument("--demo")
                .dest("demo")
                .action(Arguments.storeTrue())
                .help("drive one genesis session from seed to COMPLETED through the HTTP API, print the story bible, exit");
    }

    @Override
    protected void run(Bootstrap<FabulaConfiguration> bootstrap, Namespace namespace, FabulaConfiguration config)
            throws Exception {
        DevServersConfig dev = config.devServers().orElseThrow(() -> new IllegalArgumentException(
                "devServers is missing from the configuration: the dev command needs it (see config-dev.yml)"));
        List<String> mismatches = endpointMismatches(config, dev);
        if (!mismatches.isEmpty()) {
            throw new IllegalArgumentException("the endpoints do not point at the dev servers:\n  * "
                    + String.join("\n  * ", mismatches));
        }
        FabulaHome home = FabulaHome.locate();
        Path dataDir = home.root().resolve(dev.dataDir()).normalize();
        out.printf("Starting PostgreSQL, Kafka, Redis, Neo4j and Milvus (data and logs in %s) ...%n", dataDir);
        long started = System.nanoTime();
        DevServers servers = DevServers.start(new NativeServers(home), dataDir, dev);
        out.printf("Infrastructure ready in %.1f s.%n", (System.nanoTime() - started) / 1e9);
        try {
            migrateSchema(config);
            super.run(bootstrap, namespace, config);
        } catch (Exception | Error e) {
            servers.close();
            throw e;
        }
    }

    /**
     * dev is the newcomer's way in: bring the schema up to date as {@code db migrate} would, so the command
     * path and the in-process relay find their tables on a fresh {@code ./var}. Production migrates as a
     * separate, deliberate step (runbook).
     */
    @SuppressWarnings("deprecation") // the Liquibase facade is what dropwizard-migrations' commands drive too
    private void migrateSchema(FabulaConfiguration config) throws Exception {
        var postgres = config.postgres();
        try (Connection connection = DriverManager.getConnection(postgres.url(), postgres.user(), postgres.password());
             Liquibase liquibase = new Liquibase(FabulaApplication.CHANGELOG, new ClassLoaderResourceAccessor(),
                     new JdbcConnection(connection))) {
            int pending = liquibase.listUnrunChangeSets(new Contexts(), new LabelExpression()).size();
            liquibase.update(new Contexts(), new LabelExpression());
            out.printf("Schema up to date (%d changeset(s) applied now).%n", pending);
        }
    }

    @Override
    protected void run(Environment environment, Namespace namespace, FabulaConfiguration config) throws Exception {
        environment.lifecycle().addServerLifecycleListener(new Banner(config));
        if (Boolean.TRUE.equals(namespace.getBoolean("demo"))) {
            environment.lifecycle().addServerLifecycleListener(new ServerLifecycleListener() {
                @Override
                public void serverStarted(Server server) {
                    int port = getLocalPort(server);
                    new Thread(() -> runDemo(port), "demo").start();
                }
            });
        }
        super.run(environment, namespace, config);
    }

    /** Runs the demo client against this server, then ends the process (exit 0 when the session completed). */
    private void runDemo(int port) {
        int code;
        try {
            code = new DemoClient(URI.create("http://127.0.0.1:" + port), out, java.time.Duration.ofMinutes(3)).run();
        } catch (Exception e) {
            out.println("demo failed: " + e);
            code = 1;
        }
        out.println(code == 0 ? "Demo finished. Stopping Fabula dev." : "Demo failed. Stopping Fabula dev.");
        System.exit(code);
    }

    /** Prints where everything listens, once Jetty has bound its ports. */
    private final class Banner implements ServerLifecycleListener {
        private final FabulaConfiguration config;

        Banner(FabulaConfiguration config) {
            this.config = config;
        }

        @Override
        public void serverStarted(Server server) {
            printWhereEverythingListens(config, getLocalPort(server), getAdminPort(server));
        }
    }

    private void printWhereEverythingListens(FabulaConfiguration config, int api, int admin) {
        DevServersConfig dev = config.devServers().orElseThrow();
        out.println();
        out.println("Fabula dev is up. Ctrl-C stops everything.");
        out.printf("  %-9s http://127.0.0.1:%d        GET /health%n", "API", api);
        out.printf("  %-9s http://127.0.0.1:%d        /healthcheck /metrics /prometheus%n", "admin", admin);
        out.printf("  %-9s %s  (user %s)%n", "postgres", config.postgres().url(), config.postgres().user());
        out.printf("  %-9s %s%n", "kafka", config.kafka().bootstrapServers());
        out.printf("  %-9s redis://%s:%d%n", "redis", config.redis().host(), config.redis().port());
        out.printf("  %-9s %s%n", "neo4j", config.neo4j().uri());
        out.printf("  %-9s %s%n", "milvus", config.milvus().uri());
        out.printf("  %-9s %s%n", "data", dev.dataDir());
        out.println();
    }

    /** Each endpoint of the configuration must point at the port its dev server is started on. */
    static List<String> endpointMismatches(FabulaConfiguration config, DevServersConfig dev) {
        List<String> mismatches = new ArrayList<>();
        compare(mismatches, "postgres.url", portOf(URI.create(config.postgres().url().substring("jdbc:".length()))),
                "devServers.postgresPort", dev.postgresPort());
        boolean kafkaMatches = Arrays.stream(config.kafka().bootstrapServers().split(","))
                .map(String::strip)
                .anyMatch(hostPort -> hostPort.endsWith(":" + dev.kafkaPort()));
        if (!kafkaMatches) {
            mismatches.add("kafka.bootstrapServers (" + config.kafka().bootstrapServers()
                    + ") does not name devServers.kafkaPort " + dev.kafkaPort());
        }
        compare(mismatches, "redis.port", config.redis().port(), "devServers.redisPort", dev.redisPort());
        compare(mismatches, "neo4j.uri", portOf(URI.create(config.neo4j().uri())), "devServers.neo4jPort", dev.neo4jPort());
        compare(mismatches, "milvus.uri", portOf(URI.create(config.milvus().uri())), "devServers.milvusPort", dev.milvusPort());
        return mismatches;
    }

    private static void compare(List<String> mismatches, String endpointKey, int endpointPort, String devKey, int devPort) {
        if (endpointPort != devPort) {
            mismatches.add(endpointKey + " points at port " + endpointPort + ", but " + devKey + " is " + devPort);
        }
    }

    private static int portOf(URI uri) {
        return uri.getPort();
    }
}
