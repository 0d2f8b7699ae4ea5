package io.fabula.application.flow;

import io.fabula.application.agent.AgentRun;
import io.fabula.application.agent.AgentRuns;
import io.fabula.application.budget.LlmBudget;
import io.fabula.application.budget.PriceTable;
import io.fabula.application.agent.GenerationFormat;
import io.fabula.application.agent.GenerationRequest;
import io.fabula.application.agent.GenerationResult;
import io.fabula.application.agent.Prompt;
import io.fabula.application.agent.Prompts;
import io.fabula.application.agent.Prompts.Slots;
import io.fabula.application.agent.TextGenerator;
import io.fabula.application.agent.TokenListener;
import io.fabula.application.agent.TokenUsage;
import io.fabula.application.live.LiveFeed;
import io.fabula.application.live.TokenDelta;
import io.fabula.application.memory.MemoryQuery;
import io.fabula.application.memory.RecallPassages;
import io.fabula.application.memory.Recollection;
import io.fabula.application.memory.Retrieval;
import io.fabula.application.orchestration.Capability;
import io.fabula.application.orchestration.CapabilityResult;
import io.fabula.application.orchestration.CapabilityTask;
import io.fabula.application.orchestration.TaskPurpose;
import io.fabula.application.story.Finding;
import io.fabula.application.story.GraphValidation;
import io.fabula.application.story.Severity;
import io.fabula.application.story.StoryBranch;
import io.fabula.application.story.ValidateStoryGraph;
import io.fabula.application.switches.Switch;
import io.fabula.application.switches.Switches;
import io.fabula.domain.failure.Failure;
import io.fabula.domain.failure.RetryDecision;
import io.fabula.domain.failure.RetryPolicy;
import io.fabula.domain.quality.QualityPolicy;
import io.fabula.domain.quality.QualitySignals;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * One agent task, start to finish (SPEC §3 step 4, §4): ask the language model with the story so far,
 * retrieval context and graph findings in the prompt, stream its tokens to the writer, turn its answer into
 * a proposal or a score, and write the result — or, when the call keeps failing, park the task on its DLT
 * and report that the agent gave up.
 *
 * <p><b>Failures</b> are classified by the taxonomy and their next step is {@link RetryPolicy}'s: Transient
 * and RateLimited are retried here after {@code min(30 s, 500 ms·2ⁿ)} with jitter (or the Retry-After), at
 * most 3 times; Validation, FeatureDisabled ({@code LLM_ENABLED} off) and BudgetExceeded go to the DLT at
 * once. An answer that does not follow the generation format counts as Transient (a model may do better next
 * time). Every call is recorded in {@code agent_runs}, whatever its fate.
 *
 * <p><b>Exactly once in effect:</b> the result (and the dead letter) is written through the outbox in one
 * transaction with the worker group's dedup record of the task, so when two workers end up doing the same
 * task (a redelivery after a crash or a rebalance) only the first result counts; the second is
 * {@link Outcome.Duplicate}. A worker that stops (interrupt) throws {@link Interrupted} and writes nothing,
 * so the task is redelivered to another worker.
 */
public final class RunAgentTask {

    /** The ports a worker uses. */
    public record Ports(TextGenerator generator, Prompts prompts, GenerationFormat format, SessionHistory history,
                        RecallPassages recall, ValidateStoryGraph validate, LiveFeed live, AgentRuns runs,
                        LlmBudget budget, Consumer<Failure> llmErrors, Switches switches, FlowUnitOfWork flow) {
        public Ports {
            Objects.requireNonNull(generator, "generator");
            Objects.requireNonNull(prompts, "prompts");
            Objects.requireNonNull(format, "format");
            Objects.requireNonNull(history, "history");
            Objects.requireNonNull(recall, "recall");
            Objects.requireNonNull(validate, "validate");
            Objects.requireNonNull(live, "live");
            Objects.requireNonNull(runs, "runs");
            Objects.requireNonNull(budget, "budget");
            Objects.requireNonNull(llmErrors, "llm errors");
            Objects.requireNonNull(switches, "switches");
            Objects.requireNonNull(flow, "flow");
        }
    }

    /**
     * @param model        the model to ask; empty for the adapter's configured one
     * @param fallbackModel the model name recorded for calls that never reached the adapter (gate refusals)
     * @param maxTokens    the longest answer
     * @param passages     how many memory passages go into a prompt
     */
    public record Settings(Optional<String> model, String fallbackModel, int maxTokens, int passages,
                           PriceTable prices, QualityPolicy quality, RetryPolicy retry) {
        public Settings {
            Objects.requireNonNull(model, "model");
            Objects.requireNonNull(fallbackModel, "fallback model");
            Objects.requireNonNull(prices, "prices");
            Objects.requireNonNull(quality, "quality");
            Objects.requireNonNull(retry, "retry");
            if (maxTokens < 1 || passages < 1 || passages > 100) {
                throw new IllegalArgumentException("maxTokens must be positive and passages within 1..100");
            }
        }
    }

    /** Waits between retries; interruptible. */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;

        Sleeper REAL = duration -> Thread.sleep(duration.toMillis());
    }

    /** What became of a task. */
    public sealed interface Outcome {
        /** The result was written ({@code attempts} calls, the last one successful). */
        record Completed(CapabilityResult result, int attempts) implements Outcome {
        }

        /** The task was parked on its DLT and a GaveUp result written. */
        record DeadLettered(CapabilityResult result, DeadLetter letter) implements Outcome {
        }

        /** Another worker had already written this task's result; this one's was dropped. */
        record Duplicate() implements Outcome {
        }
    }

    /** The worker is stopping: nothing was written, the task will be redelivered. */
    public static final class Interrupted extends RuntimeException {
        Interrupted(String message) {
            super(message);
        }
    }

    private final Ports ports;
    private final Settings settings;
    private final Sleeper sleeper;
    private final Clock clock;
    private final Supplier<UUID> ids;

    public RunAgentTask(Ports ports, Settings settings, Sleeper sleeper, Clock clock, Supplier<UUID> ids) {
        this.ports = Objects.requireNonNull(ports, "ports");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.ids = Objects.requireNonNull(ids, "ids");
    }

    /** The dedup name of a capability's workers; a replayed task is new work for them. */
    public static String group(Capability capability, int replay) {
        String group = "worker." + capability.name().toLowerCase(Locale.ROOT);
        return replay == 0 ? group : group + "#replay-" + replay;
    }

    /**
     * @param delivery where the task was consumed (for the dead letter; its payload is parked unchanged)
     * @throws Interrupted      when the worker is stopping
     * @throws RuntimeException when the session's history or the outbox cannot be reached (nothing was
     *                          written; the caller retries the task)
     */
    public Outcome handle(CapabilityTask task, Delivery delivery) {
        int failedBefore = 0;
        while (true) {
            Attempt attempt = attempt(task);
            if (attempt.outcome() != null) {
                record(task, attempt, AgentRun.Status.SUCCEEDED, null);
                CapabilityResult result = result(task, attempt.outcome());
                return commit(task, delivery, result, null) ? new Outcome.Completed(result, failedBefore + 1)
                        : new Outcome.Duplicate();
            }
            Failure failure = attempt.failure();
            RetryDecision decision = settings.retry().next(failure, failedBefore);
            if (decision instanceof RetryDecision.Retry retry) {
                record(task, attempt, AgentRun.Status.RETRIED, failure);
                pause(retry.delay());
                failedBefore++;
                continue;
            }
            int attempts = failedBefore + 1;
            if (decision instanceof RetryDecision.Discard) {
                // only a Conflict is discarded, and a model call never answers one: treat as a dead letter anyway
                decision = new RetryDecision.DeadLetter(failure.kind() + ": " + failure.reason());
            }
            record(task, attempt, AgentRun.Status.DEAD_LETTERED, failure);
            String reason = ((RetryDecision.DeadLetter) decision).reason();
            CapabilityResult gaveUp = result(task, new CapabilityResult.GaveUp(failure.kind(), reason, attempts));
            DeadLetter letter = new DeadLetter(ids.get(), clock.instant(), delivery,
                    new DeadLetter.Raw(delivery.payload()), failure.kind(), reason, attempts, task.correlationId().value());
            return commit(task, delivery, gaveUp, letter) ? new Outcome.DeadLettered(gaveUp, letter) : new Outcome.Duplicate();
        }
    }

    private boolean commit(CapabilityTask task, Delivery delivery, CapabilityResult result, DeadLetter letter) {
        String group = group(task.capability(), delivery.replay());
        return ports.flow().transact(stores -> {
            if (!stores.processed().firstTime(group, task.taskId())) {
                return false;
            }
            stores.outbox().result(result);
            if (letter != null) {
                stores.outbox().deadLetter(letter);
            }
            return true;
        });
    }

    /** One call: its outcome or its failure, with what it cost. */
    private record Attempt(CapabilityResult.Outcome outcome, Failure failure, TokenUsage usage, Instant startedAt) {
    }

    private Attempt attempt(CapabilityTask task) {
        Instant startedAt = clock.instant();
        Optional<Failure> refused = gate();
        if (refused.isPresent()) {
            return new Attempt(null, refused.get(), null, startedAt);
        }
        List<io.fabula.domain.event.DomainEvent> history = ports.history().of(task.sessionId());
        if (history.isEmpty()) {
            // tasks are written only after their session's events commit: a task for no session can never be done
            return new Attempt(null, new Failure.Poison("session " + task.sessionId() + " does not exist"), null, startedAt);
        }
        StoryContext story = StoryContext.of(history);
        StoryBranch branch = new StoryBranch(task.novelId(), task.sessionId());
        Map<String, String> slots = story.slots(task);
        GraphValidation validation = ports.validate().handle(branch);
        putIfNotBlank(slots, Slots.GRAPH_FACTS, graphFacts(validation));
        putIfNotBlank(slots, Slots.RETRIEVAL_CONTEXT, retrievalContext(story.memoryQuery(task), branch));
        Prompt prompt;
        try {
            prompt = ports.prompts().compose(task.capability(), task.purpose(), task.stage(), story.locale(), slots);
        } catch (IllegalArgumentException e) {
            return new Attempt(null, Failure.Validation.of("no prompt for this task: " + e.getMessage()), null, startedAt);
        }
        GenerationRequest request = new GenerationRequest(task.capability(), task.purpose(), task.stage(),
                story.locale(), story.seed(), prompt, settings.model(), settings.maxTokens(), task.correlationId());
        Streamer streamer = new Streamer(task, ids.get().toString());
        GenerationResult result = ports.generator().generate(request, streams(task) ? streamer : TokenListener.ignoring());
        if (streams(task)) {
            streamer.end();
        }
        if (Thread.currentThread().isInterrupted()) {
            throw new Interrupted("worker stopping during " + task.capability() + " task " + task.taskId());
        }
        if (result instanceof GenerationResult.Failed failed) {
            return new Attempt(null, failed.failure(), failed.usage(), startedAt);
        }
        String text = ((GenerationResult.Generated) result).text();
        try {
            return new Attempt(interpret(task, text, validation), null, result.usage(), startedAt);
        } catch (IllegalArgumentException e) {
            return new Attempt(null, new Failure.Transient("the model's answer does not follow the generation format: "
                    + e.getMessage()), result.usage(), startedAt);
        }
    }

    private Optional<Failure> gate() {
        if (!ports.switches().isOn(Switch.LLM_ENABLED)) {
            return Optional.of(new Failure.FeatureDisabled(Switch.LLM_ENABLED.name(), "generation is switched off"));
        }
        return ports.budget().check().map(Failure.class::cast);
    }

    private CapabilityResult.Outcome interpret(CapabilityTask task, String text, GraphValidation validation) {
        if (task.capability().produces() == Capability.Produces.REVIEW) {
            GenerationFormat.Review review = ports.format().readReview(text);
            int errors = 0;
            int warnings = 0;
            int infos = 0;
            List<String> findings = new ArrayList<>(review.findings());
            if (validation instanceof GraphValidation.Checked checked) {
                errors = (int) checked.report().count(Severity.ERROR);
                warnings = (int) checked.report().count(Severity.WARNING);
                infos = (int) checked.report().count(Severity.INFO);
                checked.report().findings().forEach(finding -> findings.add(line(finding)));
            } else if (validation instanceof GraphValidation.Skipped skipped) {
                findings.add("validation: skipped (" + skipped.reason() + ")");
            }
            double score = settings.quality().score(new QualitySignals(clamp(review.llmJudgement()),
                    clamp(review.ruleChecks()), clamp(review.intentSimilarity()), errors, warnings, infos));
            return new CapabilityResult.Scored(score, findings);
        }
        if (task.purpose() == TaskPurpose.REPLY) {
            return new CapabilityResult.Generated(text, null, List.of());
        }
        return new CapabilityResult.Generated(text, null, ports.format().readProposal(task.stage(), text));
    }

    private static CapabilityResult result(CapabilityTask task, CapabilityResult.Outcome outcome) {
        return new CapabilityResult(task.taskId(), task.capability(), task.sessionId(), task.userId(), task.stage(),
                task.correlationId(), outcome);
    }

    /** Writers watch proposals being written; judges' scores arrive as events. */
    private static boolean streams(CapabilityTask task) {
        return task.capability().produces() == Capability.Produces.PROPOSAL;
    }

    private String retrievalContext(String query, StoryBranch branch) {
        Retrieval retrieval = ports.recall().handle(MemoryQuery.inBranch(query, branch, settings.passages()));
        return retrieval.passages().stream()
                .map(Recollection::passage)
                .map(passage -> "- [" + passage.kind() + "] " + passage.text())
                .collect(Collectors.joining("\n"));
    }

    private static String graphFacts(GraphValidation validation) {
        if (validation instanceof GraphValidation.Checked checked) {
            return checked.report().findings().stream().map(RunAgentTask::line).collect(Collectors.joining("\n"));
        }
        return "";
    }

    private static String line(Finding finding) {
        return finding.severity().name().toLowerCase(Locale.ROOT) + ": " + finding.message();
    }

    private void record(CapabilityTask task, Attempt attempt, AgentRun.Status status, Failure failure) {
        TokenUsage usage = attempt.usage();
        String model = usage == null ? settings.model().orElse(settings.fallbackModel()) : usage.model();
        int in = usage == null ? 0 : usage.tokensIn();
        int out = usage == null ? 0 : usage.tokensOut();
        Duration latency = usage == null ? Duration.between(attempt.startedAt(), clock.instant()) : usage.latency();
        AgentRun run = new AgentRun(task.capability(), model, task.sessionId(), task.taskId().toString(), in, out,
                settings.prices().cost(model, in, out), latency.isNegative() ? Duration.ZERO : latency, status,
                failure == null ? null : failure.kind() + ": " + failure.reason(), task.correlationId(), attempt.startedAt());
        Optional<Long> runId = Optional.empty();
        try {
            runId = Optional.of(ports.runs().record(run));
        } catch (RuntimeException e) {
            // the audit must not stop generation; the budget still hears of the call below
            System.getLogger(RunAgentTask.class.getName()).log(System.Logger.Level.WARNING,
                    "cannot record agent run of task " + task.taskId() + ": " + e);
        }
        if (usage != null) {
            // only calls that reached the model are billed and can count towards the 429/5xx trip
            try {
                ports.budget().record(usage, runId);
            } catch (RuntimeException e) {
                System.getLogger(RunAgentTask.class.getName()).log(System.Logger.Level.WARNING,
                        "cannot charge agent run of task " + task.taskId() + " to the budget: " + e);
            }
            if (failure != null) {
                ports.llmErrors().accept(failure);
            }
        }
    }

    private void pause(Duration delay) {
        try {
            sleeper.sleep(delay);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Interrupted("worker stopping while waiting to retry");
        }
    }

    private static void putIfNotBlank(Map<String, String> slots, String name, String value) {
        if (value != null && !value.isBlank()) {
            slots.put(name, value);
        }
    }

    private static double clamp(double score) {
        return Double.isNaN(score) ? 0.0 : Math.max(0.0, Math.min(10.0, score));
    }

    /** Forwards each delta to the writer's live feed, numbered, and marks the end of the run. */
    private final class Streamer implements TokenListener {
        private final CapabilityTask task;
        private final String runId;
        private int sequence;

        Streamer(CapabilityTask task, String runId) {
            this.task = task;
            this.runId = runId;
        }

        @Override
        public void onToken(String delta) {
            ports.live().stream(delta(delta, false));
        }

        void end() {
            ports.live().stream(delta("", true));
        }

        private TokenDelta delta(String text, boolean last) {
            return new TokenDelta(task.sessionId(), task.userId(), task.stage(), task.capability().name().toLowerCase(Locale.ROOT),
                    runId, sequence++, text, last);
        }
    }
}
