package io.fabula.domain.session;

import io.fabula.domain.failure.FailureKind;
import io.fabula.domain.session.SessionCommand.AbandonSession;
import io.fabula.domain.session.SessionCommand.PauseSession;
import io.fabula.domain.session.SessionCommand.RecordFailure;
import io.fabula.domain.stage.Stage;
import io.fabula.domain.stage.StageState;

/**
 * Test data builder: {@code aSession().inStage(WORLD).awaitingReview().paused().build()}. It gets
 * there through real commands, so a built session is always one the domain could have reached.
 */
public final class SessionBuilder {
    private Stage stage = Stage.CONCEPT;
    private StageState stageState = StageState.IN_PROGRESS;
    private SessionStatus status = SessionStatus.ACTIVE;

    private SessionBuilder() {
    }

    public static SessionBuilder aSession() {
        return new SessionBuilder();
    }

    public SessionBuilder inStage(Stage stage) {
        this.stage = stage;
        return this;
    }

    public SessionBuilder inProgress() {
        this.stageState = StageState.IN_PROGRESS;
        return this;
    }

    public SessionBuilder awaitingReview() {
        this.stageState = StageState.AWAITING_REVIEW;
        return this;
    }

    public SessionBuilder withStatus(SessionStatus status) {
        this.status = status;
        return this;
    }

    public SessionBuilder paused() {
        return withStatus(SessionStatus.PAUSED);
    }

    public SessionBuilder failed() {
        return withStatus(SessionStatus.FAILED);
    }

    public SessionBuilder abandoned() {
        return withStatus(SessionStatus.ABANDONED);
    }

    /** All six stages locked: the session is COMPLETED. */
    public SessionBuilder completed() {
        return withStatus(SessionStatus.COMPLETED);
    }

    public GenesisSession build() {
        return driver().session();
    }

    /** The built session with its driver, to go on sending commands. */
    public SessionDriver driver() {
        SessionDriver driver = SessionDriver.fresh().start();
        if (status == SessionStatus.COMPLETED) {
            for (Stage each : Stage.values()) {
                driver.propose(each).confirm(each);
            }
            return driver;
        }
        for (Stage each : Stage.values()) {
            if (each == stage) {
                break;
            }
            driver.propose(each).confirm(each);
        }
        if (stageState == StageState.AWAITING_REVIEW) {
            driver.propose(stage);
        }
        switch (status) {
            case PAUSED -> driver.accept(PauseSession::new);
            case FAILED -> driver.accept(meta -> new RecordFailure(meta, stage, FailureKind.TRANSIENT, "LLM timed out", 4));
            case ABANDONED -> driver.accept(AbandonSession::new);
            default -> {
            }
        }
        return driver;
    }
}
