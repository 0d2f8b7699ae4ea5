package io.fabula.domain.session;

import io.fabula.domain.event.DomainEvent;
import io.fabula.domain.failure.FailureKind;
import io.fabula.domain.session.SessionCommand.*;
import io.fabula.domain.stage.Stage;
import io.fabula.domain.stage.StageState;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.statistics.StatisticsReport;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Random command sequences — right and wrong stages, stale versions, replays — never break the
 * session's invariants. The mix leans towards the happy path so that runs do reach COMPLETED.
 */
class SessionInvariantsTest {

    enum Kind {
        SUBMIT, REQUEST, REVISE, CONFIRM, REOPEN, PAUSE, RESUME, ABANDON, BRANCH, PROPOSE, REVIEW, FAIL, START,
        /** whatever moves the session forward from where it stands: propose, confirm or resume */
        ADVANCE
    }

    /** One step: which command, how far its stage is off the current one, the review score, and whether it misbehaves. */
    record Step(Kind kind, int stageOffset, double score, boolean staleVersion, int replayOf) {
    }

    @Provide
    Arbitrary<List<Step>> steps() {
        Arbitrary<Kind> kinds = Arbitraries.frequency(
                Tuple.of(2, Kind.SUBMIT), Tuple.of(2, Kind.REQUEST), Tuple.of(3, Kind.REVISE),
                Tuple.of(8, Kind.CONFIRM), Tuple.of(1, Kind.REOPEN), Tuple.of(2, Kind.PAUSE),
                Tuple.of(3, Kind.RESUME), Tuple.of(1, Kind.ABANDON), Tuple.of(1, Kind.BRANCH),
                Tuple.of(14, Kind.PROPOSE), Tuple.of(8, Kind.REVIEW), Tuple.of(1, Kind.FAIL), Tuple.of(1, Kind.START),
                Tuple.of(40, Kind.ADVANCE));
        Arbitrary<Integer> offsets = Arbitraries.frequency(Tuple.of(8, 0), Tuple.of(1, -1), Tuple.of(1, 1));
        Arbitrary<Double> scores = Arbitraries.doubles().between(0.0, 10.0).ofScale(1);
        Arbitrary<Boolean> stale = Arbitraries.frequency(Tuple.of(9, false), Tuple.of(1, true));
        Arbitrary<Integer> replays = Arbitraries.frequency(Tuple.of(85, -1), Tuple.of(15, 0))
                .flatMap(none -> none < 0 ? Arbitraries.just(-1) : Arbitraries.integers().between(0, 200));
        return Combinators.combine(kinds, offsets, scores, stale, replays).as(Step::new).list().ofMaxSize(120);
    }

    @Property(tries = 300)
    @StatisticsReport(StatisticsReport.StatisticsReportMode.OFF)
    void random_command_sequences_never_break_the_invariants(@ForAll("steps") List<Step> steps) {
        SessionDriver driver = SessionDriver.fresh().start();
        GenesisSession session = driver.session();
        List<SessionCommand> sent = new ArrayList<>();

        for (Step step : steps) {
            boolean replay = step.replayOf() >= 0 && !sent.isEmpty();
            SessionCommand command = replay ? sent.get(step.replayOf() % sent.size()) : command(step, driver);
            long versionBefore = session.version();
            long sequenceBefore = session.lastSequence();
            SessionStatus statusBefore = session.status();

            Decision decision = driver.send(command);
            if (!replay) {
                sent.add(command);
            }

            if (decision instanceof Decision.Accepted accepted && !accepted.replayed()) {
                assertThat(replay).as("a replayed command is recognised, never applied again").isFalse();
                assertThat(statusBefore.isTerminal()).as("a completed or abandoned session accepts nothing").isFalse();
                assertThat(session.version()).as("version + 1 per accepted command").isEqualTo(versionBefore + 1);
                assertThat(accepted.events()).as("at least one event").isNotEmpty();
                assertThat(accepted.events()).extracting(DomainEvent::sequence).as("consecutive sequences")
                        .containsExactlyElementsOf(LongStream.rangeClosed(sequenceBefore + 1,
                                sequenceBefore + accepted.events().size()).boxed().toList());
            } else {
                assertThat(decision.newEvents()).as("a rejection or a replay emits nothing").isEmpty();
                assertThat(session.version()).isEqualTo(versionBefore);
                assertThat(session.lastSequence()).isEqualTo(sequenceBefore);
            }
            assertStagesLockInOrder(session);
        }
        Statistics.label("final status").collect(session.status());
        GenesisSession reloaded = GenesisSession.rehydrate(SessionDriver.SESSION, driver.history(), TestEnvironment.fixed());
        assertThat(reloaded.stages()).isEqualTo(session.stages());
        assertThat(reloaded.status()).isEqualTo(session.status());
        assertThat(reloaded.version()).isEqualTo(session.version());
    }

    /** The properties are only worth something if random runs do get far: check the generator reaches every status. */
    @Property(tries = 300)
    @StatisticsReport(StatisticsReport.StatisticsReportMode.OFF)
    void random_sequences_reach_every_session_status(@ForAll("steps") List<Step> steps) {
        SessionDriver driver = SessionDriver.fresh().start();
        for (Step step : steps) {
            driver.send(command(step, driver));
        }
        Statistics.label("status").collect(driver.session().status());
        Statistics.label("status").coverage(coverage -> {
            for (SessionStatus status : SessionStatus.values()) {
                coverage.check(status).count(count -> count > 0);
            }
        });
    }

    @Property(tries = 100)
    void a_completed_or_abandoned_session_accepts_nothing(
            @ForAll("steps") List<Step> steps, @ForAll boolean completed) {
        SessionDriver driver = completed
                ? SessionBuilder.aSession().completed().driver()
                : SessionBuilder.aSession().inStage(Stage.PLOT).abandoned().driver();
        long version = driver.session().version();

        for (Step step : steps) {
            assertThat(driver.send(command(step, driver)).newEvents()).isEmpty();
        }
        assertThat(driver.session().version()).isEqualTo(version);
    }

    /** LOCKED stages first, then at most one stage at work, then stages not started. */
    private static void assertStagesLockInOrder(GenesisSession session) {
        List<StageState> states = session.stages().values().stream().toList();
        int i = 0;
        while (i < states.size() && states.get(i) == StageState.LOCKED) {
            i++;
        }
        if (i < states.size() && (states.get(i) == StageState.IN_PROGRESS || states.get(i) == StageState.AWAITING_REVIEW)) {
            i++;
        }
        while (i < states.size() && states.get(i) == StageState.NOT_STARTED) {
            i++;
        }
        assertThat(i).as("stages lock in order: %s", states).isEqualTo(states.size());
        assertThat(session.status() == SessionStatus.COMPLETED)
                .isEqualTo(states.stream().allMatch(state -> state == StageState.LOCKED));
    }

    private static SessionCommand command(Step step, SessionDriver driver) {
        GenesisSession session = driver.session();
        Stage stage = Stage.values()[Math.floorMod(session.currentStage().index() + step.stageOffset(), Stage.values().length)];
        CommandMeta meta = driver.meta(step.staleVersion()
                ? ExpectedVersion.exactly(Math.max(0, session.version() - 1))
                : ExpectedVersion.exactly(session.version()));
        return switch (step.kind()) {
            case SUBMIT -> new SubmitMessage(meta, "a thought");
            case REQUEST -> new RequestProposal(meta, stage, "hint");
            case REVISE -> new ReviseProposal(meta, stage, "again");
            case CONFIRM -> new ConfirmStage(meta, stage);
            case REOPEN -> new ReopenStage(meta, stage, "rethink");
            case PAUSE -> new PauseSession(meta);
            case RESUME -> new ResumeSession(meta);
            case ABANDON -> new AbandonSession(meta);
            case BRANCH -> new BranchSession(meta, 1 + (long) (step.score() * 3));
            case PROPOSE -> new RecordProposal(meta, stage, "a draft", null,
                    stage == Stage.PLOT ? List.of("node") : List.of());
            case REVIEW -> new RecordReview(meta, stage, step.score(), List.of());
            case FAIL -> new RecordFailure(meta, stage, FailureKind.TRANSIENT, "timeout", 4);
            case START -> new StartSession(meta, "seed", SessionDriver.NOVEL);
            case ADVANCE -> session.status() != SessionStatus.ACTIVE ? new ResumeSession(meta)
                    : session.stageState(session.currentStage()) == StageState.IN_PROGRESS
                    ? new RecordProposal(meta, session.currentStage(), "a draft", null, List.of())
                    : new ConfirmStage(meta, session.currentStage());
        };
    }
}
