package io.fabula.application.flow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabula.application.agent.AgentRun;
import io.fabula.application.agent.GenerationFormat;
import io.fabula.application.agent.GenerationRequest;
import io.fabula.application.agent.GenerationResult;
import io.fabula.application.budget.BudgetCharge;
import io.fabula.application.budget.LlmBudget;
import io.fabula.application.budget.PriceTable;
import io.fabula.application.agent.Prompt;
import io.fabula.application.agent.TextGenerator;
import io.fabula.application.agent.TokenUsage;
import io.fabula.application.live.LiveFeed;
import io.fabula.application.live.LiveMessage;
import io.fabula.application.live.TokenDelta;
import io.fabula.application.memory.RecallPassages;
import io.fabula.application.memory.StoryMemory;
import io.fabula.application.orchestration.Capability;
import io.fabula.application.orchestration.CapabilityResult;
import io.fabula.application.orchestration.CapabilityTask;
import io.fabula.application.orchestration.TaskPurpose;
import io.fabula.application.story.ConsistencyCheck;
import io.fabula.application.story.ConsistencyReport;
import io.fabula.application.story.Finding;
import io.fabula.application.story.StoryGraph;
import io.fabula.application.story.ValidateStoryGraph;
import io.fabula.application.switches.Switch;
import io.fabula.application.switches.Switches;
import io.fabula.domain.event.DomainEvent;
import io.fabula.domain.event.EventMetadata;
import io.fabula.domain.event.EventPayload;
import io.fabula.domain.event.EventType;
import io.fabula.domain.failure.Backoff;
import io.fabula.domain.failure.Failure;
import io.fabula.domain.failure.FailureKind;
import io.fabula.domain.failure.RetryPolicy;
import io.fabula.domain.id.CausationId;
import io.fabula.domain.id.CorrelationId;
import io.fabula.domain.id.EventId;
import io.fabula.domain.id.NovelId;
import io.fabula.domain.id.SessionId;
import io.fabula.domain.id.UserId;
import io.fabula.domain.quality.QualityPolicy;
import io.fabula.domain.stage.Stage;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** A worker's decisions about one task: result, retry, dead letter, quality score, duplicates. */
class RunAgentTaskTest {
    static final SessionId SESSION = SessionId.of("01956a1e-0000-7000-8000-000000000001");
    static final NovelId NOVEL = NovelId.of("01956a1e-0000-7000-8000-0000000000cc");
    static final UserId WRITER = UserId.of("01956a1e-0000-7000-8000-0000000000aa");

    private final InMemoryFlow flow = new InMemoryFlow();
    private final Deque<GenerationResult> answers = new ArrayDeque<>();
    private final List<GenerationRequest> calls = new ArrayList<>();
    private final List<TokenDelta> deltas = new ArrayList<>();
    private final List<AgentRun> runs = new ArrayList<>();
    private final List<Duration> pauses = new ArrayList<>();
    private final Set<Switch> off = EnumSet.noneOf(Switch.class);
    private final List<Finding> graphFindings = new ArrayList<>();
    private final List<TokenUsage> charged = new ArrayList<>();
    private final List<Failure> reportedErrors = new ArrayList<>();
    private Optional<Failure.BudgetExceeded> budgetRefusal = Optional.empty();
    private final LlmBudget budget = new LlmBudget() {
        @Override
        public Optional<Failure.BudgetExceeded> check() {
            return budgetRefusal;
        }

        @Override
        public BudgetCharge record(TokenUsage usage, Optional<Long> agentRunId) {
            assertThat(agentRunId).as("charged with its agent_runs row").isPresent();
            charged.add(usage);
            return new BudgetCharge(java.time.LocalDate.now(), usage.model(), usage.tokensIn(), usage.tokensOut(), BigDecimal.ZERO);
        }
    };

    private long record(AgentRun run) {
        runs.add(run);
        return runs.size();
    }

    private final TextGenerator generator = (request, tokens) -> {
        calls.add(request);
        GenerationResult answer = answers.removeFirst();
        if (answer instanceof GenerationResult.Generated generated) {
            Arrays.stream(generated.text().split("(?<= )")).forEach(tokens::onToken);
        }
        return answer;
    };

    /** Reviews are written "llm rules intent"; proposals must start with '{'. */
    private final GenerationFormat format = new GenerationFormat() {
        @Override
        public Review readReview(String text) {
            String[] parts = text.trim().split("\\s+");
            if (parts.length != 3) {
                throw new IllegalArgumentException("not a review: " + text);
            }
            return new Review(Double.parseDouble(parts[0]), Double.parseDouble(parts[1]), Double.parseDouble(parts[2]),
                    List.of("info: fine"));
        }

        @Override
        public List<String> readProposal(Stage stage, String text) {
            if (!text.startsWith("{")) {
                throw new IllegalArgumentException("not an object");
            }
            return stage == Stage.PLOT ? List.of("{\"id\":\"p1\"}", "{\"id\":\"p2\"}") : List.of();
        }
    };

    private final StoryGraph graph = new StoryGraph() {
        @Override
        public void project(DomainEvent event) {
        }

        @Override
        public ConsistencyReport validate(io.fabula.application.story.StoryBranch branch) {
            return new ConsistencyReport(branch, graphFindings, Duration.ofMillis(3));
        }
    };

    private final StoryMemory memory = new StoryMemory() {
        @Override
        public void upsert(List<io.fabula.application.memory.Passage> passages) {
        }

        @Override
        public List<io.fabula.application.memory.Recollection> search(io.fabula.application.memory.MemoryQuery query) {
            throw new IllegalStateException("milvus down");
        }

        @Override
        public void clear() {
        }
    };

    private final LiveFeed live = new LiveFeed() {
        @Override
        public void publish(UserId user, LiveMessage message) {
        }

        @Override
        public void stream(TokenDelta delta) {
            deltas.add(delta);
        }
    };

    private final Switches switches = new Switches() {
        @Override
        public boolean isOn(Switch which) {
            return !off.contains(which);
        }

        @Override
        public void trip(Switch which, String reason) {
            off.add(which);
        }
    };

    private RunAgentTask worker() {
        var ports = new RunAgentTask.Ports(generator,
                (capability, purpose, stage, locale, slots) -> new Prompt("system", "user " + slots),
                format, session -> history(), new RecallPassages(memory, () -> true),
                new ValidateStoryGraph(graph, () -> true), live, this::record, budget, reportedErrors::add, switches, flow);
        var settings = new RunAgentTask.Settings(Optional.empty(), "test-model", 1000, 5,
                new PriceTable(Map.of("m", new PriceTable.Price(new BigDecimal("0.5"), new BigDecimal("1.5")),
                        PriceTable.DEFAULT, new PriceTable.Price(BigDecimal.ONE, BigDecimal.ONE))),
                QualityPolicy.withDefaults(), new RetryPolicy(new Backoff(() -> 0.0), List.of(
                        Duration.ofMillis(50), Duration.ofMillis(150), Duration.ofMillis(300))));
        return new RunAgentTask(ports, settings, pauses::add,
                Clock.fixed(Instant.parse("2026-11-23T12:00:00Z"), ZoneOffset.UTC), UUID::randomUUID);
    }

    @Test
    void a_generators_answer_becomes_the_tasks_result_and_its_tokens_stream_in_order_to_the_writer() {
        answers.add(generated("{\"title\": \"The Lantern\"}"));

        var outcome = worker().handle(task(Capability.OUTLINE, TaskPurpose.GENERATE, Stage.CONCEPT), delivery());

        assertThat(outcome).isInstanceOf(RunAgentTask.Outcome.Completed.class);
        assertThat(flow.results).singleElement().satisfies(result ->
                assertThat(result.outcome()).isEqualTo(new CapabilityResult.Generated("{\"title\": \"The Lantern\"}", null, List.of())));
        assertThat(deltas).extracting(TokenDelta::sequence).containsExactly(0, 1, 2, 3);
        assertThat(String.join("", deltas.stream().map(TokenDelta::text).toList())).isEqualTo("{\"title\": \"The Lantern\"}");
        assertThat(deltas.get(deltas.size() - 1).last()).isTrue();
        assertThat(runs).singleElement().satisfies(run -> {
            assertThat(run.status()).isEqualTo(AgentRun.Status.SUCCEEDED);
            assertThat(run.model()).isEqualTo("m");
            assertThat(run.cost()).isEqualByComparingTo("0.035"); // 10 in × 0.5 + 20 out × 1.5, per 1 000
        });
    }

    @Test
    void a_plot_proposal_carries_its_nodes_as_elements() {
        answers.add(generated("{\"plot_nodes\": []}"));

        worker().handle(task(Capability.PLOT, TaskPurpose.GENERATE, Stage.PLOT), delivery());

        assertThat(((CapabilityResult.Generated) flow.results.get(0).outcome()).elements()).hasSize(2);
    }

    @Test
    void a_review_is_scored_with_the_quality_weights_and_the_graphs_findings() {
        answers.add(generated("8.0 9.0 8.0"));
        graphFindings.add(new Finding(ConsistencyCheck.values()[0], List.of("r1"), "rule r1 contradicts r2"));

        worker().handle(task(Capability.REVIEW, TaskPurpose.REVIEW, Stage.THEME), delivery());

        // 8×0.30 + 9×0.20 + 8×0.25 + (10 − penalty)×0.25
        double consistency = 10.0 - graphFindings.get(0).severity().penalty(QualityPolicy.withDefaults().config());
        double expected = Math.round((8 * 0.30 + 9 * 0.20 + 8 * 0.25 + consistency * 0.25) * 10) / 10.0;
        assertThat(flow.results).singleElement().satisfies(result -> {
            var scored = (CapabilityResult.Scored) result.outcome();
            assertThat(scored.score()).isEqualTo(expected);
            assertThat(scored.findings()).contains("info: fine").anyMatch(line -> line.contains("contradicts"));
        });
        assertThat(deltas).as("judges do not stream").isEmpty();
    }

    @Test
    void transient_failures_are_retried_with_exponential_backoff_and_recorded_each_time() {
        answers.add(failed(new Failure.Transient("HTTP 503")));
        answers.add(failed(new Failure.Transient("timeout")));
        answers.add(generated("{\"ok\": true}"));

        var outcome = worker().handle(task(Capability.WORLD, TaskPurpose.GENERATE, Stage.WORLD), delivery());

        assertThat(outcome).isInstanceOfSatisfying(RunAgentTask.Outcome.Completed.class,
                completed -> assertThat(completed.attempts()).isEqualTo(3));
        assertThat(pauses).containsExactly(Duration.ofMillis(250), Duration.ofMillis(500)); // half of 500 ms·2ⁿ at jitter 0
        assertThat(runs).extracting(AgentRun::status).containsExactly(
                AgentRun.Status.RETRIED, AgentRun.Status.RETRIED, AgentRun.Status.SUCCEEDED);
        assertThat(runs.get(0).error()).isEqualTo("TRANSIENT: HTTP 503");
        assertThat(charged).as("failed calls were billed too").hasSize(3);
        assertThat(reportedErrors).as("each 5xx counts towards the LLM_ENABLED trip").hasSize(2);
    }

    @Test
    void after_three_retries_the_task_goes_to_its_dlt_and_the_agent_gives_up() {
        for (int i = 0; i < 4; i++) {
            answers.add(failed(new Failure.Transient("HTTP 502")));
        }

        var outcome = worker().handle(task(Capability.CHARACTER, TaskPurpose.GENERATE, Stage.CHARACTERS), delivery());

        assertThat(outcome).isInstanceOf(RunAgentTask.Outcome.DeadLettered.class);
        assertThat(calls).hasSize(4);
        assertThat(pauses).containsExactly(Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofMillis(1000));
        assertThat(flow.deadLetters).singleElement().satisfies(letter -> {
            assertThat(letter.topic()).isEqualTo("genesis.character.tasks.DLT");
            assertThat(letter.kind()).isEqualTo(FailureKind.TRANSIENT);
            assertThat(letter.attempts()).isEqualTo(4);
            assertThat(letter.original().offset()).isEqualTo(17);
            assertThat(letter.payload()).isEqualTo(new DeadLetter.Raw("{\"task\":1}"));
        });
        assertThat(flow.results).singleElement().satisfies(result -> assertThat(result.outcome())
                .isInstanceOfSatisfying(CapabilityResult.GaveUp.class, gaveUp -> {
                    assertThat(gaveUp.kind()).isEqualTo(FailureKind.TRANSIENT);
                    assertThat(gaveUp.attempts()).isEqualTo(4);
                }));
        assertThat(runs).extracting(AgentRun::status).endsWith(AgentRun.Status.DEAD_LETTERED);
    }

    @Test
    void a_rate_limited_call_waits_as_long_as_the_provider_asked() {
        answers.add(failed(new Failure.RateLimited("429", Duration.ofSeconds(7))));
        answers.add(generated("{\"ok\": true}"));

        worker().handle(task(Capability.OUTLINE, TaskPurpose.GENERATE, Stage.THEME), delivery());

        assertThat(pauses).containsExactly(Duration.ofSeconds(7));
    }

    @Test
    void a_request_the_provider_refuses_goes_to_the_dlt_without_a_retry() {
        answers.add(failed(Failure.Validation.of("HTTP 400: model not found")));

        worker().handle(task(Capability.OUTLINE, TaskPurpose.GENERATE, Stage.THEME), delivery());

        assertThat(pauses).isEmpty();
        assertThat(flow.deadLetters).singleElement().extracting(DeadLetter::kind).isEqualTo(FailureKind.VALIDATION);
    }

    @Test
    void with_llm_enabled_off_nothing_is_generated_and_the_task_is_parked_as_feature_disabled() {
        off.add(Switch.LLM_ENABLED);

        worker().handle(task(Capability.OUTLINE, TaskPurpose.GENERATE, Stage.CONCEPT), delivery());

        assertThat(calls).isEmpty();
        assertThat(flow.deadLetters).singleElement().extracting(DeadLetter::kind).isEqualTo(FailureKind.FEATURE_DISABLED);
        assertThat(runs).singleElement().satisfies(run -> {
            assertThat(run.status()).isEqualTo(AgentRun.Status.DEAD_LETTERED);
            assertThat(run.tokensIn()).isZero();
            assertThat(run.model()).isEqualTo("test-model");
        });
    }

    @Test
    void a_tripped_budget_breaker_parks_the_task_without_calling_the_model() {
        budgetRefusal = Optional.of(new Failure.BudgetExceeded("daily budget spent", Instant.parse("2026-11-24T00:00:00Z")));

        worker().handle(task(Capability.OUTLINE, TaskPurpose.GENERATE, Stage.CONCEPT), delivery());

        assertThat(calls).isEmpty();
        assertThat(charged).isEmpty();
        assertThat(flow.deadLetters).singleElement().extracting(DeadLetter::kind).isEqualTo(FailureKind.BUDGET_EXCEEDED);
    }

    @Test
    void a_task_for_a_session_that_does_not_exist_is_poison_and_parked_without_a_call() {
        var ports = new RunAgentTask.Ports(generator, (c, p, s, l, slots) -> new Prompt("s", "u"), format,
                session -> List.of(), new RecallPassages(memory, () -> true), new ValidateStoryGraph(graph, () -> true),
                live, this::record, budget, reportedErrors::add, switches, flow);
        RunAgentTask worker = new RunAgentTask(ports, new RunAgentTask.Settings(Optional.empty(), "m", 10, 5,
                new PriceTable(Map.of(PriceTable.DEFAULT, new PriceTable.Price(BigDecimal.ZERO, BigDecimal.ZERO))),
                QualityPolicy.withDefaults(), new RetryPolicy(new Backoff(() -> 0.0), List.of())),
                pauses::add, Clock.systemUTC(), UUID::randomUUID);

        worker.handle(task(Capability.OUTLINE, TaskPurpose.GENERATE, Stage.CONCEPT), delivery());

        assertThat(calls).isEmpty();
        assertThat(pauses).isEmpty();
        assertThat(flow.deadLetters).singleElement().extracting(DeadLetter::kind).isEqualTo(FailureKind.POISON);
    }

    @Test
    void an_answer_that_ignores_the_format_is_retried_as_transient() {
        answers.add(generated("Sure! Here is your concept: ..."));
        answers.add(generated("{\"title\": \"ok\"}"));

        var outcome = worker().handle(task(Capability.OUTLINE, TaskPurpose.GENERATE, Stage.CONCEPT), delivery());

        assertThat(outcome).isInstanceOf(RunAgentTask.Outcome.Completed.class);
        assertThat(runs.get(0).error()).startsWith("TRANSIENT: the model's answer does not follow the generation format");
    }

    @Test
    void a_second_worker_finishing_the_same_task_is_a_duplicate_and_writes_nothing() {
        answers.add(generated("{\"a\": 1}"));
        answers.add(generated("{\"a\": 2}"));
        CapabilityTask task = task(Capability.OUTLINE, TaskPurpose.GENERATE, Stage.CONCEPT);

        worker().handle(task, delivery());
        var second = worker().handle(task, delivery());

        assertThat(second).isInstanceOf(RunAgentTask.Outcome.Duplicate.class);
        assertThat(flow.results).hasSize(1);
        assertThat(runs).as("both calls happened and cost money").hasSize(2);
    }

    @Test
    void a_replayed_task_is_new_work_for_the_workers() {
        answers.add(generated("{\"a\": 1}"));
        answers.add(generated("{\"a\": 2}"));
        CapabilityTask task = task(Capability.OUTLINE, TaskPurpose.GENERATE, Stage.CONCEPT);

        worker().handle(task, delivery());
        var replayed = worker().handle(task, new Delivery("genesis.outline.tasks", 0, 99, SESSION.toString(), "{}", 1));

        assertThat(replayed).isInstanceOf(RunAgentTask.Outcome.Completed.class);
        assertThat(flow.results).hasSize(2);
    }

    @Test
    void a_worker_interrupted_mid_call_writes_nothing_so_the_task_is_redelivered() {
        TextGenerator interrupted = (request, tokens) -> {
            Thread.currentThread().interrupt();
            return failed(new Failure.Transient("interrupted"));
        };
        var ports = new RunAgentTask.Ports(interrupted, (c, p, s, l, slots) -> new Prompt("s", "u"), format,
                session -> history(), new RecallPassages(memory, () -> true), new ValidateStoryGraph(graph, () -> true),
                live, this::record, budget, reportedErrors::add, switches, flow);
        RunAgentTask worker = new RunAgentTask(ports, new RunAgentTask.Settings(Optional.empty(), "m", 10, 5,
                new PriceTable(Map.of(PriceTable.DEFAULT, new PriceTable.Price(BigDecimal.ZERO, BigDecimal.ZERO))),
                QualityPolicy.withDefaults(), new RetryPolicy(new Backoff(() -> 0.0), List.of())),
                pauses::add, Clock.systemUTC(), UUID::randomUUID);
        try {
            assertThatThrownBy(() -> worker.handle(task(Capability.OUTLINE, TaskPurpose.GENERATE, Stage.CONCEPT), delivery()))
                    .isInstanceOf(RunAgentTask.Interrupted.class);
        } finally {
            Thread.interrupted();
        }
        assertThat(flow.results).isEmpty();
        assertThat(flow.processed).isEmpty();
    }

    @Test
    void the_prompt_gets_the_seed_and_says_retrieval_was_skipped_when_the_memory_is_down() {
        answers.add(generated("{\"ok\": 1}"));

        worker().handle(task(Capability.OUTLINE, TaskPurpose.GENERATE, Stage.CONCEPT), delivery());

        assertThat(calls.get(0).seedIdea()).isEqualTo("A lighthouse keeper hears the sea speak");
        assertThat(calls.get(0).prompt().user()).contains("seed=A lighthouse keeper").doesNotContain("retrieval_context");
    }

    private static Delivery delivery() {
        return new Delivery("genesis.character.tasks", 1, 17, SESSION.toString(), "{\"task\":1}", 0);
    }

    private static CapabilityTask task(Capability capability, TaskPurpose purpose, Stage stage) {
        Map<String, String> inputs = purpose == TaskPurpose.REVIEW ? Map.of("content", "{\"themes\": []}") : Map.of();
        return new CapabilityTask(new EventId(UUID.fromString("01956a1e-0000-7000-8000-000000000e01")), capability,
                purpose, SESSION, NOVEL, WRITER, stage, new CorrelationId("corr-1"), Duration.ZERO, inputs);
    }

    private static List<DomainEvent> history() {
        return List.of(new DomainEvent(new EventId(UUID.randomUUID()), EventType.STARTED, SESSION, 1,
                new CorrelationId("corr-1"), new CausationId("cmd-1"), Instant.parse("2026-11-23T11:00:00Z"),
                new EventPayload(SESSION, NOVEL, WRITER, Stage.CONCEPT, "A lighthouse keeper hears the sea speak", null, Map.of()),
                EventMetadata.current("/fabula/test", null)));
    }

    private static GenerationResult generated(String text) {
        return new GenerationResult.Generated(text, new TokenUsage("m", 10, 20, true, Duration.ofMillis(40),
                Optional.of(Duration.ofMillis(5))), false);
    }

    private static GenerationResult failed(Failure failure) {
        return new GenerationResult.Failed(failure, "", new TokenUsage("m", 10, 0, false, Duration.ofMillis(40), Optional.empty()));
    }
}
