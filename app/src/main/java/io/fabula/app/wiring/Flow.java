package io.fabula.app.wiring;

import io.dropwizard.lifecycle.Managed;
import io.fabula.adapters.in.kafka.AgentWorkerHandler;
import io.fabula.adapters.in.kafka.ConsumerLoop;
import io.fabula.adapters.in.kafka.OrchestratorHandler;
import io.fabula.adapters.out.kafka.KafkaTopics;
import io.fabula.adapters.out.llm.JsonGenerationFormat;
import io.fabula.adapters.out.llm.ResourcePrompts;
import io.fabula.adapters.out.postgres.JdbiAgentRuns;
import io.fabula.adapters.out.postgres.JdbiFlowUnitOfWork;
import io.fabula.adapters.out.redis.RedisWorkerHeartbeats;
import io.fabula.application.budget.LlmBudget;
import io.fabula.application.budget.PriceTable;
import io.fabula.domain.failure.Failure;
import java.util.function.Consumer;
import io.fabula.application.agent.TextGenerator;
import io.fabula.application.agent.WorkerBeat;
import io.fabula.application.agent.WorkerHeartbeats;
import io.fabula.application.flow.FlowUnitOfWork;
import io.fabula.application.flow.OrchestrateEvent;
import io.fabula.application.flow.ParkMessage;
import io.fabula.application.flow.RecordCapabilityResult;
import io.fabula.application.flow.RunAgentTask;
import io.fabula.application.live.LiveFeed;
import io.fabula.application.orchestration.Capability;
import io.fabula.application.orchestration.OrchestrationPolicy;
import io.fabula.application.switches.Switches;
import io.fabula.codec.EventEnvelopeCodec;
import io.fabula.codec.flow.FlowCodec;
import io.fabula.domain.failure.Backoff;
import io.fabula.domain.failure.RetryPolicy;
import io.fabula.domain.id.UuidV7;
import io.fabula.domain.quality.QualityPolicy;
import java.net.InetAddress;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The genesis flow of one process (SPEC §3 steps 3–5): the orchestrator and the agent workers of the chosen
 * capabilities, each a Kafka consumer group member on its own thread, and the process's heartbeat in Redis
 * every {@code heartbeatInterval} (TTL {@code heartbeatTtl}). Run by {@code worker --capabilities=...} and,
 * with {@code flow.inProcess}, inside {@code server} and {@code dev}.
 *
 * <p>Start never waits for Kafka: a starter thread creates the topics (retrying until Kafka answers) and
 * then starts the consumers. Stop lets each consumer finish its task in hand (up to {@code shutdownGrace}),
 * leaves the groups and removes the heartbeat.
 */
public final class Flow implements Managed {
    private static final Logger LOG = LoggerFactory.getLogger(Flow.class);
    /** The name of the orchestrator in {@code --capabilities} and in heartbeats. */
    public static final String ORCHESTRATOR = "orchestrator";

    /** What one process runs. */
    public record Roles(boolean orchestrator, Set<Capability> capabilities) {
        public Roles {
            capabilities = capabilities.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(capabilities));
        }

        public static Roles all() {
            return new Roles(true, EnumSet.allOf(Capability.class));
        }

        /** {@code all}, or a comma-separated list of {@code orchestrator} and capability names. */
        public static Roles parse(String text) {
            if (text == null || text.isBlank() || text.strip().equalsIgnoreCase("all")) {
                return all();
            }
            boolean orchestrator = false;
            Set<Capability> capabilities = EnumSet.noneOf(Capability.class);
            for (String name : text.split(",")) {
                String role = name.strip().toLowerCase(Locale.ROOT);
                if (role.equals(ORCHESTRATOR)) {
                    orchestrator = true;
                } else {
                    try {
                        capabilities.add(Capability.valueOf(role.toUpperCase(Locale.ROOT)));
                    } catch (IllegalArgumentException e) {
                        throw new IllegalArgumentException("unknown capability '" + name.strip() + "'; one of all, orchestrator, "
                                + String.join(", ", java.util.Arrays.stream(Capability.values())
                                .map(c -> c.name().toLowerCase(Locale.ROOT)).toList()));
                    }
                }
            }
            return new Roles(orchestrator, capabilities);
        }

        List<String> names() {
            List<String> names = new ArrayList<>();
            if (orchestrator) {
                names.add(ORCHESTRATOR);
            }
            capabilities.stream().sorted().forEach(c -> names.add(c.name().toLowerCase(Locale.ROOT)));
            return names;
        }
    }

    /** What the flow needs from the rest of the process. */
    public record Parts(Clients clients, CommandPath commandPath, TextGenerator generator, Switches switches, LiveFeed live,
                        Story story, LlmBudget budget, Consumer<Failure> llmErrors) {
        public Parts {
            Objects.requireNonNull(clients, "clients");
            Objects.requireNonNull(commandPath, "command path");
            Objects.requireNonNull(generator, "generator");
            Objects.requireNonNull(switches, "switches");
            Objects.requireNonNull(live, "live");
            Objects.requireNonNull(story, "story");
            Objects.requireNonNull(budget, "budget");
            Objects.requireNonNull(llmErrors, "llm errors");
        }
    }

    /** The settings the flow reads, from several sections of the YAML. */
    public record Settings(io.fabula.app.config.FlowConfig flow, io.fabula.app.config.LlmConfig llm,
                           io.fabula.app.config.KafkaConfig kafka, io.fabula.app.config.OutboxRelayConfig relay,
                           int recallLimit, QualityPolicy quality, PriceTable prices) {
    }

    private final Roles roles;
    private final Settings settings;
    private final List<ConsumerLoop> loops = new ArrayList<>();
    private final WorkerHeartbeats heartbeats;
    private final String workerId;
    private final Instant startedAt;
    private final Parts parts;
    private ScheduledExecutorService beating;
    private Thread starter;

    public Flow(Roles roles, Parts parts, Settings settings) {
        this.roles = Objects.requireNonNull(roles, "roles");
        this.parts = Objects.requireNonNull(parts, "parts");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.heartbeats = new RedisWorkerHeartbeats(parts.clients().redis());
        this.workerId = host() + "-" + ProcessHandle.current().pid() + "-" + UUID.randomUUID().toString().substring(0, 8);
        this.startedAt = parts.clients().clock().instant();
        build();
    }

    private void build() {
        Clients clients = parts.clients();
        var flowConfig = settings.flow();
        FlowCodec codec = new FlowCodec();
        FlowUnitOfWork flow = new JdbiFlowUnitOfWork(clients.jdbi(), codec);
        ParkMessage park = new ParkMessage(flow);
        SecureRandom random = new SecureRandom();
        Backoff backoff = new Backoff(random::nextDouble);
        UuidV7 ids = UuidV7.secure(clients.clock());
        OrchestrationPolicy policy = new OrchestrationPolicy();
        Duration poll = java(flowConfig.pollTimeout());

        if (roles.orchestrator()) {
            OrchestratorHandler handler = new OrchestratorHandler(new EventEnvelopeCodec(), codec,
                    new OrchestrateEvent(flow, policy, clients.clock(), ids),
                    new RecordCapabilityResult(parts.commandPath().commands(), policy), park, clients.clock());
            loops.add(new ConsumerLoop(ORCHESTRATOR, consumer(settings.flow().consumerGroupPrefix() + "-orchestrator", 50), OrchestratorHandler.topics(),
                    handler, park, backoff, poll, clients.clock()));
        }
        if (!roles.capabilities().isEmpty()) {
            PriceTable prices = settings.prices();
            RunAgentTask.Ports ports = new RunAgentTask.Ports(parts.generator(), new ResourcePrompts(),
                    new JsonGenerationFormat(),
                    session -> parts.commandPath().unitOfWork().transact(stores -> stores.events().history(session)),
                    parts.story().recall(), parts.story().validate(), parts.live(), new JdbiAgentRuns(clients.jdbi()),
                    parts.budget(), parts.llmErrors(), parts.switches(), flow);
            RunAgentTask.Settings agent = new RunAgentTask.Settings(Optional.empty(), settings.llm().model(),
                    settings.llm().maxTokens(), settings.recallLimit(), prices, settings.quality(),
                    new RetryPolicy(backoff, flowConfig.regenerationDelaysJava()));
            RunAgentTask run = new RunAgentTask(ports, agent, RunAgentTask.Sleeper.REAL, clients.clock(), ids);
            for (Capability capability : roles.capabilities()) {
                String name = capability.name().toLowerCase(Locale.ROOT);
                loops.add(new ConsumerLoop(name, consumer(settings.flow().consumerGroupPrefix() + "-worker-" + name, 1), List.of(capability.taskTopic()),
                        new AgentWorkerHandler(capability, codec, run, park, clients.clock()), park, backoff, poll,
                        clients.clock()));
            }
        }
    }

    private Map<String, Object> consumer(String group, int maxPollRecords) {
        Map<String, Object> properties = new HashMap<>(settings.kafka().consumerProperties());
        long session = settings.flow().consumerSessionTimeout().toMilliseconds();
        properties.put("group.id", group);
        properties.put("max.poll.records", String.valueOf(maxPollRecords));
        properties.put("session.timeout.ms", String.valueOf(session));
        properties.put("heartbeat.interval.ms", String.valueOf(Math.max(500, session / 3)));
        return properties;
    }

    public String workerId() {
        return workerId;
    }

    public Roles roles() {
        return roles;
    }

    @Override
    public synchronized void start() {
        beating = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "flow-heartbeat");
            thread.setDaemon(true);
            return thread;
        });
        long interval = settings.flow().heartbeatInterval().toMilliseconds();
        beating.scheduleAtFixedRate(this::beat, 0, interval, TimeUnit.MILLISECONDS);
        starter = new Thread(this::startConsumers, "flow-starter");
        starter.setDaemon(true);
        starter.start();
    }

    private void startConsumers() {
        Duration wait = Duration.ofSeconds(1);
        try (Admin admin = Admin.create(settings.kafka().adminClientProperties())) {
            KafkaTopics topics = new KafkaTopics(admin, Duration.ofMillis(settings.kafka().timeout().toMilliseconds()));
            while (!Thread.currentThread().isInterrupted()) {
                try {
                    topics.ensure(KafkaTopics.names(), settings.relay().topicPartitions(),
                            settings.relay().replicationFactor().shortValue());
                    break;
                } catch (IllegalStateException e) {
                    LOG.warn("flow: cannot create the Kafka topics yet, retrying in {}: {}", wait, e.getMessage());
                    Thread.sleep(wait.toMillis());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        synchronized (this) {
            if (Thread.currentThread().isInterrupted()) {
                return;
            }
            loops.forEach(ConsumerLoop::start);
        }
        LOG.info("flow started as worker {}: {}", workerId, roles.names());
    }

    /** Writes this process's heartbeat now (also what the scheduler does every interval). */
    public void beat() {
        List<String> inFlight = new ArrayList<>();
        for (ConsumerLoop loop : loops) {
            String task = loop.inFlight();
            if (task != null) {
                inFlight.add(loop.name() + ":" + task);
            }
        }
        heartbeats.beat(new WorkerBeat(workerId, host(), ProcessHandle.current().pid(), roles.names(), startedAt,
                parts.clients().clock().instant(), inFlight), java(settings.flow().heartbeatTtl()));
    }

    @Override
    public void stop() throws InterruptedException {
        Thread starting;
        synchronized (this) {
            starting = starter;
        }
        if (starting != null) {
            starting.interrupt();
            starting.join(5_000);
        }
        Duration grace = java(settings.flow().shutdownGrace());
        // all at once: each finishes its task in hand in parallel, then leaves its group
        List<Thread> stopping = new ArrayList<>();
        for (ConsumerLoop loop : loops) {
            Thread thread = new Thread(() -> {
                try {
                    loop.stop(grace);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "stop-" + loop.name());
            thread.start();
            stopping.add(thread);
        }
        for (Thread thread : stopping) {
            thread.join(grace.toMillis() * 2 + 1_000);
        }
        if (beating != null) {
            beating.shutdownNow();
        }
        heartbeats.gone(workerId);
    }

    private static Duration java(io.dropwizard.util.Duration duration) {
        return Duration.ofMillis(duration.toMilliseconds());
    }

    private static String host() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            return "unknown-host";
        }
    }

}
