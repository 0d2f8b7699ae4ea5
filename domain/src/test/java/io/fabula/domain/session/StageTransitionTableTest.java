package io.fabula.domain.session;

import io.fabula.domain.event.DomainEvent;
import io.fabula.domain.event.EventType;
import io.fabula.domain.failure.FailureKind;
import io.fabula.domain.session.SessionCommand.AbandonSession;
import io.fabula.domain.session.SessionCommand.BranchSession;
import io.fabula.domain.session.SessionCommand.ConfirmStage;
import io.fabula.domain.session.SessionCommand.PauseSession;
import io.fabula.domain.session.SessionCommand.RecordFailure;
import io.fabula.domain.session.SessionCommand.RecordProposal;
import io.fabula.domain.session.SessionCommand.RecordReview;
import io.fabula.domain.session.SessionCommand.ReopenStage;
import io.fabula.domain.session.SessionCommand.RequestProposal;
import io.fabula.domain.session.SessionCommand.ResumeSession;
import io.fabula.domain.session.SessionCommand.ReviseProposal;
import io.fabula.domain.session.SessionCommand.StartSession;
import io.fabula.domain.session.SessionCommand.SubmitMessage;
import io.fabula.domain.stage.Stage;
import io.fabula.domain.stage.StageState;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import static io.fabula.domain.session.SessionBuilder.aSession;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The state machine as one table: for every (session status × state of the current stage ×
 * command) the expected decision — the event types it emits, or the failure kind it is rejected
 * with. Sessions stand in WORLD (so THEME is locked and can be reopened), or have completed. Stage
 * commands name the current stage; ReopenStage names THEME; RecordReview scores 9.0.
 */
class StageTransitionTableTest {

    private static final String TABLE = """
            # status     stage state      command          expected (event types, or failure kind)
            NOT_STARTED  NOT_STARTED      StartSession     Started+SeedRequested
            NOT_STARTED  NOT_STARTED      SubmitMessage    NOT_FOUND
            NOT_STARTED  NOT_STARTED      RequestProposal  NOT_FOUND
            NOT_STARTED  NOT_STARTED      ReviseProposal   NOT_FOUND
            NOT_STARTED  NOT_STARTED      ConfirmStage     NOT_FOUND
            NOT_STARTED  NOT_STARTED      ReopenStage      NOT_FOUND
            NOT_STARTED  NOT_STARTED      PauseSession     NOT_FOUND
            NOT_STARTED  NOT_STARTED      ResumeSession    NOT_FOUND
            NOT_STARTED  NOT_STARTED      AbandonSession   NOT_FOUND
            NOT_STARTED  NOT_STARTED      BranchSession    NOT_FOUND
            NOT_STARTED  NOT_STARTED      RecordProposal   NOT_FOUND
            NOT_STARTED  NOT_STARTED      RecordReview     NOT_FOUND
            NOT_STARTED  NOT_STARTED      RecordFailure    NOT_FOUND

            ACTIVE       IN_PROGRESS      StartSession     CONFLICT
            ACTIVE       IN_PROGRESS      SubmitMessage    MessageSubmitted
            ACTIVE       IN_PROGRESS      RequestProposal  World.Requested
            ACTIVE       IN_PROGRESS      ReviseProposal   CONFLICT
            ACTIVE       IN_PROGRESS      ConfirmStage     CONFLICT
            ACTIVE       IN_PROGRESS      ReopenStage      StageReopened
            ACTIVE       IN_PROGRESS      PauseSession     Paused
            ACTIVE       IN_PROGRESS      ResumeSession    CONFLICT
            ACTIVE       IN_PROGRESS      AbandonSession   Abandoned
            ACTIVE       IN_PROGRESS      BranchSession    BranchCreated
            ACTIVE       IN_PROGRESS      RecordProposal   World.Created
            ACTIVE       IN_PROGRESS      RecordReview     CONFLICT
            ACTIVE       IN_PROGRESS      RecordFailure    Failed

            ACTIVE       AWAITING_REVIEW  StartSession     CONFLICT
            ACTIVE       AWAITING_REVIEW  SubmitMessage    MessageSubmitted
            ACTIVE       AWAITING_REVIEW  RequestProposal  CONFLICT
            ACTIVE       AWAITING_REVIEW  ReviseProposal   RevisionRequested
            ACTIVE       AWAITING_REVIEW  ConfirmStage     StageCompleted+Character.Requested
            ACTIVE       AWAITING_REVIEW  ReopenStage      StageReopened
            ACTIVE       AWAITING_REVIEW  PauseSession     Paused
            ACTIVE       AWAITING_REVIEW  ResumeSession    CONFLICT
            ACTIVE       AWAITING_REVIEW  AbandonSession   Abandoned
            ACTIVE       AWAITING_REVIEW  BranchSession    BranchCreated
            ACTIVE       AWAITING_REVIEW  RecordProposal   CONFLICT
            ACTIVE       AWAITING_REVIEW  RecordReview     World.ValidationCompleted
            ACTIVE       AWAITING_REVIEW  RecordFailure    Failed

            PAUSED       IN_PROGRESS      StartSession     CONFLICT
            PAUSED       IN_PROGRESS      SubmitMessage    CONFLICT
            PAUSED       IN_PROGRESS      RequestProposal  CONFLICT
            PAUSED       IN_PROGRESS      ReviseProposal   CONFLICT
            PAUSED       IN_PROGRESS      ConfirmStage     CONFLICT
            PAUSED       IN_PROGRESS      ReopenStage      CONFLICT
            PAUSED       IN_PROGRESS      PauseSession     CONFLICT
            PAUSED       IN_PROGRESS      ResumeSession    Resumed
            PAUSED       IN_PROGRESS      AbandonSession   Abandoned
            PAUSED       IN_PROGRESS      BranchSession    BranchCreated
            PAUSED       IN_PROGRESS      RecordProposal   CONFLICT
            PAUSED       IN_PROGRESS      RecordReview     CONFLICT
            PAUSED       IN_PROGRESS      RecordFailure    CONFLICT

            PAUSED       AWAITING_REVIEW  StartSession     CONFLICT
            PAUSED       AWAITING_REVIEW  SubmitMessage    CONFLICT
            PAUSED       AWAITING_REVIEW  RequestProposal  CONFLICT
            PAUSED       AWAITING_REVIEW  ReviseProposal   CONFLICT
            PAUSED       AWAITING_REVIEW  ConfirmStage     CONFLICT
            PAUSED       AWAITING_REVIEW  ReopenStage      CONFLICT
            PAUSED       AWAITING_REVIEW  PauseSession     CONFLICT
            PAUSED       AWAITING_REVIEW  ResumeSession    Resumed
            PAUSED       AWAITING_REVIEW  AbandonSession   Abandoned
            PAUSED       AWAITING_REVIEW  BranchSession    BranchCreated
            PAUSED       AWAITING_REVIEW  RecordProposal   CONFLICT
            PAUSED       AWAITING_REVIEW  RecordReview     CONFLICT
            PAUSED       AWAITING_REVIEW  RecordFailure    CONFLICT

            FAILED       IN_PROGRESS      StartSession     CONFLICT
            FAILED       IN_PROGRESS      SubmitMessage    CONFLICT
            FAILED       IN_PROGRESS      RequestProposal  CONFLICT
            FAILED       IN_PROGRESS      ReviseProposal   CONFLICT
            FAILED       IN_PROGRESS      ConfirmStage     CONFLICT
            FAILED       IN_PROGRESS      ReopenStage      CONFLICT
            FAILED       IN_PROGRESS      PauseSession     CONFLICT
            FAILED       IN_PROGRESS      ResumeSession    Resumed
            FAILED       IN_PROGRESS      AbandonSession   Abandoned
            FAILED       IN_PROGRESS      BranchSession    BranchCreated
            FAILED       IN_PROGRESS      RecordProposal   CONFLICT
            FAILED       IN_PROGRESS      RecordReview     CONFLICT
            FAILED       IN_PROGRESS      RecordFailure    CONFLICT

            FAILED       AWAITING_REVIEW  StartSession     CONFLICT
            FAILED       AWAITING_REVIEW  SubmitMessage    CONFLICT
            FAILED       AWAITING_REVIEW  RequestProposal  CONFLICT
            FAILED       AWAITING_REVIEW  ReviseProposal   CONFLICT
            FAILED       AWAITING_REVIEW  ConfirmStage     CONFLICT
            FAILED       AWAITING_REVIEW  ReopenStage      CONFLICT
            FAILED       AWAITING_REVIEW  PauseSession     CONFLICT
            FAILED       AWAITING_REVIEW  ResumeSession    Resumed
            FAILED       AWAITING_REVIEW  AbandonSession   Abandoned
            FAILED       AWAITING_REVIEW  BranchSession    BranchCreated
            FAILED       AWAITING_REVIEW  RecordProposal   CONFLICT
            FAILED       AWAITING_REVIEW  RecordReview     CONFLICT
            FAILED       AWAITING_REVIEW  RecordFailure    CONFLICT

            ABANDONED    IN_PROGRESS      StartSession     CONFLICT
            ABANDONED    IN_PROGRESS      SubmitMessage    CONFLICT
            ABANDONED    IN_PROGRESS      RequestProposal  CONFLICT
            ABANDONED    IN_PROGRESS      ReviseProposal   CONFLICT
            ABANDONED    IN_PROGRESS      ConfirmStage     CONFLICT
            ABANDONED    IN_PROGRESS      ReopenStage      CONFLICT
            ABANDONED    IN_PROGRESS      PauseSession     CONFLICT
            ABANDONED    IN_PROGRESS      ResumeSession    CONFLICT
            ABANDONED    IN_PROGRESS      AbandonSession   CONFLICT
            ABANDONED    IN_PROGRESS      BranchSession    CONFLICT
            ABANDONED    IN_PROGRESS      RecordProposal   CONFLICT
            ABANDONED    IN_PROGRESS      RecordReview     CONFLICT
            ABANDONED    IN_PROGRESS      RecordFailure    CONFLICT

            ABANDONED    AWAITING_REVIEW  StartSession     CONFLICT
            ABANDONED    AWAITING_REVIEW  SubmitMessage    CONFLICT
            ABANDONED    AWAITING_REVIEW  RequestProposal  CONFLICT
            ABANDONED    AWAITING_REVIEW  ReviseProposal   CONFLICT
            ABANDONED    AWAITING_REVIEW  ConfirmStage     CONFLICT
            ABANDONED    AWAITING_REVIEW  ReopenStage      CONFLICT
            ABANDONED    AWAITING_REVIEW  PauseSession     CONFLICT
            ABANDONED    AWAITING_REVIEW  ResumeSession    CONFLICT
            ABANDONED    AWAITING_REVIEW  AbandonSession   CONFLICT
            ABANDONED    AWAITING_REVIEW  BranchSession    CONFLICT
            ABANDONED    AWAITING_REVIEW  RecordProposal   CONFLICT
            ABANDONED    AWAITING_REVIEW  RecordReview     CONFLICT
            ABANDONED    AWAITING_REVIEW  RecordFailure    CONFLICT

            COMPLETED    LOCKED           StartSession     CONFLICT
            COMPLETED    LOCKED           SubmitMessage    CONFLICT
            COMPLETED    LOCKED           RequestProposal  CONFLICT
            COMPLETED    LOCKED           ReviseProposal   CONFLICT
            COMPLETED    LOCKED           ConfirmStage     CONFLICT
            COMPLETED    LOCKED           ReopenStage      CONFLICT
            COMPLETED    LOCKED           PauseSession     CONFLICT
            COMPLETED    LOCKED           ResumeSession    CONFLICT
            COMPLETED    LOCKED           AbandonSession   CONFLICT
            COMPLETED    LOCKED           BranchSession    CONFLICT
            COMPLETED    LOCKED           RecordProposal   CONFLICT
            COMPLETED    LOCKED           RecordReview     CONFLICT
            COMPLETED    LOCKED           RecordFailure    CONFLICT
            """;

    static Stream<Arguments> table() {
        return TABLE.lines()
                .map(String::strip)
                .filter(line -> !line.isEmpty() && !line.startsWith("#"))
                .map(line -> line.split("\\s+"))
                .map(cells -> Arguments.of(cells[0], cells[1], cells[2], cells[3]));
    }

    @ParameterizedTest(name = "{0} session, stage {1}: {2} -> {3}")
    @MethodSource("table")
    void every_status_stage_state_and_command_has_one_expected_decision(
            String status, String stageState, String command, String expected) {
        SessionDriver driver = arrange(status, stageState);
        long versionBefore = driver.session().version();

        Decision decision = driver.send(command(command, driver));

        if (isFailureKind(expected)) {
            assertThat(decision).isInstanceOf(Decision.Rejected.class);
            assertThat(((Decision.Rejected) decision).failure().kind()).isEqualTo(FailureKind.valueOf(expected));
            assertThat(driver.session().version()).isEqualTo(versionBefore);
        } else {
            assertThat(decision).isInstanceOf(Decision.Accepted.class);
            assertThat(decision.newEvents()).extracting(DomainEvent::type).extracting(EventType::typeName)
                    .containsExactlyElementsOf(Arrays.stream(expected.split("\\+"))
                            .map(name -> EventType.PREFIX + name).toList());
            assertThat(driver.session().version()).isEqualTo(versionBefore + 1);
        }
    }

    private static boolean isFailureKind(String expected) {
        return Arrays.stream(FailureKind.values()).anyMatch(kind -> kind.name().equals(expected));
    }

    private static SessionDriver arrange(String status, String stageState) {
        if (status.equals("NOT_STARTED")) {
            return SessionDriver.fresh();
        }
        if (status.equals("COMPLETED")) {
            return aSession().completed().driver();
        }
        SessionBuilder builder = aSession().inStage(Stage.WORLD).withStatus(SessionStatus.valueOf(status));
        return (StageState.valueOf(stageState) == StageState.AWAITING_REVIEW ? builder.awaitingReview() : builder).driver();
    }

    private static SessionCommand command(String name, SessionDriver driver) {
        Stage stage = driver.session().currentStage();
        CommandMeta meta = driver.meta();
        return switch (name) {
            case "StartSession" -> new StartSession(meta, SessionDriver.SEED, SessionDriver.NOVEL);
            case "SubmitMessage" -> new SubmitMessage(meta, "make the sea colder");
            case "RequestProposal" -> new RequestProposal(meta, stage, "more islands");
            case "ReviseProposal" -> new ReviseProposal(meta, stage, "too much magic");
            case "ConfirmStage" -> new ConfirmStage(meta, stage);
            case "ReopenStage" -> new ReopenStage(meta, Stage.THEME, "the theme drifted");
            case "PauseSession" -> new PauseSession(meta);
            case "ResumeSession" -> new ResumeSession(meta);
            case "AbandonSession" -> new AbandonSession(meta);
            case "BranchSession" -> new BranchSession(meta, 1);
            case "RecordProposal" -> new RecordProposal(meta, stage, "an archipelago of bells", 7.5, List.of());
            case "RecordReview" -> new RecordReview(meta, stage, 9.0, List.of());
            case "RecordFailure" -> new RecordFailure(meta, stage, FailureKind.TRANSIENT, "timeout", 4);
            default -> throw new IllegalArgumentException("no such command in the table: " + name);
        };
    }
}
