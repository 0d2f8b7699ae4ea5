package io.fabula.app;

import io.dropwizard.configuration.EnvironmentVariableSubstitutor;
import io.dropwizard.configuration.SubstitutingSourceProvider;
import io.dropwizard.core.Application;
import io.dropwizard.core.setup.Bootstrap;
import io.dropwizard.core.setup.Environment;
import io.dropwizard.db.DataSourceFactory;
import io.dropwizard.jdbi3.JdbiFactory;
import io.dropwizard.lifecycle.Managed;
import io.dropwizard.metrics.servlets.HealthCheckServlet;
import io.dropwizard.migrations.MigrationsBundle;
import io.fabula.adapters.in.http.HealthResource;
import io.fabula.adapters.out.kafka.KafkaProbe;
import io.fabula.adapters.out.llm.OfflineTextGenerator;
import io.fabula.adapters.out.llm.OpenAiSettings;
import io.fabula.adapters.out.llm.OpenAiTextGenerator;
import io.fabula.adapters.out.milvus.MilvusConnection;
import io.fabula.adapters.out.milvus.BreakingStoryMemory;
import io.fabula.adapters.out.milvus.MilvusProbe;
import io.fabula.adapters.out.neo4j.BreakingStoryGraph;
import io.fabula.adapters.out.neo4j.Neo4jProbe;
import io.fabula.adapters.out.postgres.PostgresProbe;
import io.fabula.adapters.out.redis.RedisProbe;
import io.fabula.app.config.KafkaConfig;
import io.fabula.app.config.LlmConfig;
import io.fabula.app.config.MilvusConfig;
import io.fabula.app.config.Neo4jConfig;
import io.fabula.app.config.PostgresConfig;
import io.fabula.app.config.RedisConfig;
import io.fabula.app.wiring.AdmissionWiring;
import io.fabula.app.wiring.ApiWiring;
import io.fabula.app.wiring.Clients;
import io.fabula.app.wiring.CommandPath;
import io.fabula.app.wiring.NotificationWiring;
import io.fabula.app.wiring.OperationsWiring;
import io.fabula.app.wiring.SseWiring;
import io.fabula.app.wiring.Flow;
import io.fabula.app.config.FlowConfig;
import io.fabula.application.live.LiveFeed;
import io.fabula.domain.quality.QualityConfig;
import io.fabula.domain.quality.QualityPolicy;
import io.fabula.app.wiring.Story;
import io.fabula.app.wiring.StoryProjection;
import io.fabula.application.agent.TextGenerator;
import io.fabula.application.health.DependencyProbe;
import io.fabula.application.switches.Switches;
import io.prometheus.metrics.exporter.servlet.jakarta.PrometheusMetricsServlet;
import io.prometheus.metrics.instrumentation.dropwizard.DropwizardExports;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.sql.DriverManager;
import java.time.Clock;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.jdbi.v3.core.Jdbi;
import org.neo4j.driver.AuthToken;
import org.neo4j.driver.AuthTokens;
import org.neo4j.driver.Config;
import org.neo4j.driver.Driver;
import org.neo4j.driver.GraphDatabase;
import org.neo4j.driver.Logging;
import redis.clients.jedis.ConnectionPoolConfig;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisPooled;

/**
 * Fabula's composition root: every process role ({@code server}, {@code dev}, {@code db ...}) starts here.
 * Wiring is done by hand in {@link #run}: configuration records in, clients and adapters built with
 * their constructors, ports handed to whoever needs them. No container, no service locator.
 */
public class FabulaApplication extends Application<FabulaConfiguration> {
    /** The Liquibase changelog of the PostgreSQL schema (adapters-out/postgres), for {@code db} and {@code dev}. */
    static final String CHANGELOG = "db/changelog.xml";

    public static void main(String[] args) throws Exception {
        new FabulaApplication().run(args);
    }

    @Override
    public String getName() {
        return "fabula";
    }

    @Override
    public void initialize(Bootstrap<FabulaConfiguration> bootstrap) {
        // ${NAME} and ${NAME:-default} in the YAML; strict: a ${NAME} without default and without the
        // variable stops start-up naming the variable (how production gets its endpoints and secrets)
        bootstrap.setConfigurationSourceProvider(new SubstitutingSourceProvider(
                bootstrap.getConfigurationSourceProvider(), new EnvironmentVariableSubstitutor(true)));
        bootstrap.addBundle(new MigrationsBundle<FabulaConfiguration>() {
            @Override
            public DataSourceFactory getDataSourceFactory(FabulaConfiguration configuration) {
                return configuration.postgres().dataSourceFactory();
            }

            @Override
            public String getMigrationsFileName() {
                return CHANGELOG;
            }
        });
        bootstrap.addCommand(new DevCommand(this));
        bootstrap.addCommand(new RelayCommand());
        bootstrap.addCommand(new FlagsCommand());
        bootstrap.addCommand(new WorkerCommand(this));
        bootstrap.addCommand(new DltCommand());
        bootstrap.addCommand(new ReindexCommand());
    }

    @Override
    public void run(FabulaConfiguration config, Environment environment) {
        Jdbi jdbi = postgres(config.postgres(), environment);
        Admin kafkaAdmin = closedOnStop(environment, Admin.create(config.kafka().adminClientProperties()));
        JedisPooled redis = closedOnStop(environment, redis(config.redis()));
        Driver neo4j = closedOnStop(environment, neo4j(config.neo4j()));
        MilvusConnection milvus = closedOnStop(environment, milvus(config.milvus()));

        List<DependencyProbe> probes = List.of(
                new PostgresProbe(jdbi, toJava(config.postgres().timeout())),
                new KafkaProbe(kafkaAdmin, toJava(config.kafka().timeout())),
                new RedisProbe(redis),
                new Neo4jProbe(neo4j),
                new MilvusProbe(milvus));
        registerHealthChecks(probes, toJava(config.probes().deadline()), environment);

        Clients clients = new Clients(jdbi, kafkaAdmin, redis, neo4j, milvus, environment.metrics(), Clock.systemUTC());
        QualityPolicy quality = qualityPolicy(config.flow());
        CommandPath commandPath = CommandPath.on(jdbi, clients.clock(), config.commands().limits(), getName(), quality);
        // first: every other wiring takes operations.switches() (hot degrade switches, SPEC §8)
        OperationsWiring operations = OperationsWiring.wire(clients, config.switches(), config.budget(), environment);
        Switches switches = operations.switches();
        Story story = Story.wire(clients, config.story(), config.embeddings(), config.milvus(), switches,
                environment.lifecycle());
        // token deltas reach the writer through the Redis live feed (XADD per session, fanned out by the SSE instances)
        LiveFeed live = SseWiring.liveFeed(config.sse(), clients);
        if (workerRoles != null) {
            // `worker`: only the orchestrator and the agent workers it was asked for (SPEC §1 process roles)
            environment.lifecycle().manage(flow(workerRoles, config, clients, commandPath, operations, live, story, quality));
            return;
        }
        if (config.flow().inProcess()) {
            environment.lifecycle().manage(flow(Flow.Roles.parse(config.flow().capabilities()), config, clients, commandPath, operations, live, story, quality));
        }
        if (config.story().projectInProcess()) {
            environment.lifecycle().manage(new StoryProjection(story, switches, config.kafka().consumerProperties(), clients));
        }

        environment.jersey().register(new HealthResource(clients.clock()));
        ApiWiring.wire(config.auth(), config.getServerFactory(), clients, commandPath, environment);
        story.registerResources(commandPath, environment.jersey());
        if (story.graph() instanceof BreakingStoryGraph graph) {
            operations.registerBreaker("neo4j", graph::state);
        }
        if (story.memory() instanceof BreakingStoryMemory memory) {
            operations.registerBreaker("milvus", memory::state);
        }
        operations.health(clients, probes, toJava(config.probes().deadline()), toJava(config.kafka().timeout()), environment);
        exposePrometheus(environment);
        // each capability wires itself from the shared clients and the command path (io.fabula.app.wiring)
        AdmissionWiring.wire(config.admission(), clients, environment);
        SseWiring sse = SseWiring.wire(config.sse(), config.kafka(), clients, environment);
        // SPEC §9: consumer + sender in this process when notifications.inProcess, pushing in-app ones to the SSE feed
        NotificationWiring notifications = NotificationWiring.wire(clients, config.notifications(),
                config.smtp().settings(), switches, Optional.of(sse.feed()), config.kafka().consumerProperties(),
                environment.lifecycle()::manage);
        operations.onBudgetAlert(notifications.budgetAlerts());
        notifications.registerResources(environment.jersey(), clients.clock());

        if (config.relay().inProcess()) {
            environment.lifecycle().manage(outboxRelay(config, jdbi, environment.metrics()));
        }
    }

    /** Set by {@link WorkerCommand} before {@link #run}: this process runs only these parts of the flow. */
    private Flow.Roles workerRoles;

    void runAsWorker(Flow.Roles roles) {
        this.workerRoles = roles;
    }

    /** The genesis flow (orchestrator and agent workers) of this process. */
    static Flow flow(Flow.Roles roles, FabulaConfiguration config, Clients clients, CommandPath commandPath,
                     OperationsWiring operations, LiveFeed live, Story story, QualityPolicy quality) {
        return new Flow(roles, new Flow.Parts(clients, commandPath, textGenerator(config.llm()), operations.switches(), live,
                story, operations.budget(), operations.llmErrors()::report),
                new Flow.Settings(config.flow(), config.llm(), config.kafka(), config.relay(), config.story().recallLimit(),
                        quality, config.budget().priceTable()));
    }

    /** SPEC §4's gate with the regeneration delays of {@code flow.regenerationDelays}. */
    static QualityPolicy qualityPolicy(FlowConfig flow) {
        QualityConfig d = QualityConfig.defaults();
        return new QualityPolicy(new QualityConfig(d.llmWeight(), d.rulesWeight(), d.intentWeight(), d.consistencyWeight(),
                d.errorPenalty(), d.warningPenalty(), d.infoPenalty(), d.proposeAtLeast(), d.suggestAtLeast(),
                d.reviseAtLeast(), d.deadLetterBelow(), d.retryBelowBase(), d.retryBelowStepPerAttempt(),
                flow.regenerationDelaysJava()));
    }

    /** The outbox relay: in-process ({@code relay.inProcess}) or alone ({@link RelayCommand}). */
    static OutboxRelay outboxRelay(FabulaConfiguration config, Jdbi jdbi, com.codahale.metrics.MetricRegistry metrics) {
        PostgresConfig postgres = config.postgres();
        Properties listen = new Properties();
        listen.setProperty("user", postgres.user());
        listen.setProperty("password", postgres.password());
        listen.setProperty("ApplicationName", "fabula-relay-listen");
        listen.setProperty("connectTimeout", String.valueOf(Math.max(1, postgres.timeout().toSeconds())));
        // LISTEN holds its connection for the relay's life: one of its own, outside the pool
        return new OutboxRelay(jdbi, () -> DriverManager.getConnection(postgres.url(), listen), config.relay(),
                config.kafka(), metrics);
    }

    private static Jdbi postgres(PostgresConfig config, Environment environment) {
        Jdbi jdbi = new JdbiFactory().build(environment, config.dataSourceFactory(), "postgres");
        // JdbiFactory registers its own check under the pool's name; the probe below replaces it, so all
        // five dependencies are checked the same way (bounded, single flight, same report format)
        environment.healthChecks().unregister("postgres");
        return jdbi;
    }

    private static JedisPooled redis(RedisConfig config) {
        int timeoutMs = (int) config.timeout().toMilliseconds();
        ConnectionPoolConfig pool = new ConnectionPoolConfig();
        pool.setMinIdle(config.minConnections());
        pool.setMaxIdle(config.maxConnections());
        pool.setMaxTotal(config.maxConnections());
        pool.setMaxWait(java.time.Duration.ofMillis(timeoutMs));
        DefaultJedisClientConfig.Builder client = DefaultJedisClientConfig.builder()
                .clientName("fabula")
                .connectionTimeoutMillis(timeoutMs)
                .socketTimeoutMillis(timeoutMs);
        if (!config.password().isEmpty()) {
            client.password(config.password());
        }
        return new JedisPooled(pool, new HostAndPort(config.host(), config.port()), client.build());
    }

    private static Driver neo4j(Neo4jConfig config) {
        long timeoutMs = config.timeout().toMilliseconds();
        AuthToken auth = config.password().isEmpty() ? AuthTokens.none() : AuthTokens.basic(config.user(), config.password());
        Config driverConfig = Config.builder()
                .withConnectionTimeout(timeoutMs, TimeUnit.MILLISECONDS)
                .withConnectionAcquisitionTimeout(timeoutMs, TimeUnit.MILLISECONDS)
                .withMaxConnectionPoolSize(config.maxConnections())
                .withLogging(Logging.slf4j())
                .build();
        // connects lazily: start-up does not depend on Neo4j being up
        return GraphDatabase.driver(config.uri(), auth, driverConfig);
    }

    /**
     * The configured adapter behind the LLM port: chosen by configuration only, never a silent fallback (SPEC §8).
     * The agent workers ({@code worker} and {@code dev}) are handed it when they are wired.
     */
    static TextGenerator textGenerator(LlmConfig config) {
        return switch (config.provider()) {
            case OPENAI -> new OpenAiTextGenerator(new OpenAiSettings(URI.create(config.baseUrl()), config.apiKey(),
                    config.model(), toJava(config.connectTimeout()), toJava(config.readTimeout())));
            case OFFLINE -> new OfflineTextGenerator(toJava(config.tokenDelay()));
        };
    }

    private static MilvusConnection milvus(MilvusConfig config) {
        return new MilvusConnection(config.uri(), config.token(), toJava(config.timeout()));
    }

    /**
     * One Dropwizard health check per dependency on the admin port. The admin servlet gets an executor
     * so the checks run side by side: {@code /healthcheck} costs the slowest dependency, not the sum.
     */
    private static void registerHealthChecks(List<DependencyProbe> probes, Duration deadline, Environment environment) {
        ExecutorService probeRuns = environment.lifecycle().executorService("dependency-probe-%d")
                .minThreads(probes.size()).maxThreads(probes.size())
                .workQueue(new ArrayBlockingQueue<>(probes.size()))
                .build();
        for (DependencyProbe probe : probes) {
            environment.healthChecks().register(probe.name(), new DependencyHealthCheck(probe, probeRuns, deadline));
        }
        int checks = probes.size() + 1; // and Dropwizard's own deadlock check
        ExecutorService servletRuns = environment.lifecycle().executorService("healthcheck-%d")
                .minThreads(checks).maxThreads(checks)
                .workQueue(new ArrayBlockingQueue<>(checks * 4))
                .build();
        environment.getAdminContext().setAttribute(HealthCheckServlet.HEALTH_CHECK_EXECUTOR, servletRuns);
    }

    /** {@code /prometheus} on the admin port: every metric of Dropwizard's registry in Prometheus' text format. */
    private static void exposePrometheus(Environment environment) {
        PrometheusRegistry prometheus = new PrometheusRegistry();
        DropwizardExports.builder().dropwizardRegistry(environment.metrics()).register(prometheus);
        environment.admin().addServlet("prometheus", new PrometheusMetricsServlet(prometheus)).addMapping("/prometheus");
    }

    private static <C extends AutoCloseable> C closedOnStop(Environment environment, C client) {
        environment.lifecycle().manage(new Managed() {
            @Override
            public void stop() throws Exception {
                client.close();
            }
        });
        return client;
    }

    private static Duration toJava(io.dropwizard.util.Duration duration) {
        return Duration.ofMillis(duration.toMilliseconds());
    }
}
