package io.fabula.domain.session;

import io.fabula.domain.failure.FailureKind;
import io.fabula.domain.id.CommandId;
import io.fabula.domain.id.NovelId;
import io.fabula.domain.id.SessionId;
import io.fabula.domain.id.UserId;
import io.fabula.domain.stage.Stage;

import java.util.List;
import java.util.Objects;

/**
 * The commands of SPEC §2. Each validates its own input in its constructor (an
 * {@link IllegalArgumentException} there is a Validation failure at the edge); whether the session
 * accepts it is the aggregate's decision. The last three come from agent workers via the orchestrator.
 */
public sealed interface SessionCommand {
    int MAX_SEED_LENGTH = 2_000;
    int MAX_TEXT_LENGTH = 10_000;
    int MAX_CONTENT_LENGTH = 200_000;

    CommandMeta meta();

    default CommandId commandId() {
        return meta().commandId();
    }

    default SessionId sessionId() {
        return meta().sessionId();
    }

    default UserId userId() {
        return meta().userId();
    }

    default ExpectedVersion expectedVersion() {
        return meta().expectedVersion();
    }

    /** Opens the session for a novel (its scope) with the writer's one-line seed idea. */
    record StartSession(CommandMeta meta, String seedIdea, NovelId novelId) implements SessionCommand {
        public StartSession {
            requireMeta(meta);
            seedIdea = requireText(seedIdea, MAX_SEED_LENGTH, "seed idea");
            Objects.requireNonNull(novelId, "novel id");
        }
    }

    /** The writer talks to the current stage's agent. */
    record SubmitMessage(CommandMeta meta, String text) implements SessionCommand {
        public SubmitMessage {
            requireMeta(meta);
            text = requireText(text, MAX_TEXT_LENGTH, "message");
        }
    }

    /** The writer asks for a (new) proposal for the stage in progress; hints may be empty. */
    record RequestProposal(CommandMeta meta, Stage stage, String hints) implements SessionCommand {
        public RequestProposal {
            requireMeta(meta);
            Objects.requireNonNull(stage, "stage");
            hints = hints == null ? "" : hints.strip();
            if (hints.length() > MAX_TEXT_LENGTH) {
                throw new IllegalArgumentException("hints are longer than " + MAX_TEXT_LENGTH + " characters");
            }
        }
    }

    /** The writer sends the proposal awaiting review back with feedback. */
    record ReviseProposal(CommandMeta meta, Stage stage, String feedback) implements SessionCommand {
        public ReviseProposal {
            requireMeta(meta);
            Objects.requireNonNull(stage, "stage");
            feedback = requireText(feedback, MAX_TEXT_LENGTH, "feedback");
        }
    }

    /** The writer accepts the proposal awaiting review: the stage locks and the next one starts. */
    record ConfirmStage(CommandMeta meta, Stage stage) implements SessionCommand {
        public ConfirmStage {
            requireMeta(meta);
            Objects.requireNonNull(stage, "stage");
        }
    }

    /** The writer reopens a locked stage; every stage after it is discarded and must be redone. */
    record ReopenStage(CommandMeta meta, Stage stage, String reason) implements SessionCommand {
        public ReopenStage {
            requireMeta(meta);
            Objects.requireNonNull(stage, "stage");
            reason = requireText(reason, MAX_TEXT_LENGTH, "reason");
        }
    }

    record PauseSession(CommandMeta meta) implements SessionCommand {
        public PauseSession {
            requireMeta(meta);
        }
    }

    /** Continues a paused session, or retries the current stage of a failed one. */
    record ResumeSession(CommandMeta meta) implements SessionCommand {
        public ResumeSession {
            requireMeta(meta);
        }
    }

    record AbandonSession(CommandMeta meta) implements SessionCommand {
        public AbandonSession {
            requireMeta(meta);
        }
    }

    /**
     * Forks the session's conversation after round {@code fromRound} into a new session. Rounds are
     * numbered by the version each accepted command produced, so round {@code n} exists once the
     * session has reached version {@code n}.
     */
    record BranchSession(CommandMeta meta, long fromRound) implements SessionCommand {
        public BranchSession {
            requireMeta(meta);
            if (fromRound < 1) {
                throw new IllegalArgumentException("rounds are numbered from 1: " + fromRound);
            }
        }
    }

    /**
     * A generating capability's result for the stage in progress.
     *
     * @param qualityScore the generator's own estimate (0–10), or null; the review decides
     * @param elements     the plot's nodes (PLOT only: each becomes a {@code Plot.NodeCreated}); empty otherwise
     */
    record RecordProposal(CommandMeta meta, Stage stage, String content, Double qualityScore, List<String> elements)
            implements SessionCommand {
        public RecordProposal {
            requireMeta(meta);
            Objects.requireNonNull(stage, "stage");
            content = requireText(content, MAX_CONTENT_LENGTH, "content");
            if (qualityScore != null) {
                requireScore(qualityScore);
            }
            elements = elements == null ? List.of() : List.copyOf(elements);
            if (stage != Stage.PLOT && !elements.isEmpty()) {
                throw new IllegalArgumentException("only a PLOT proposal has elements (its nodes)");
            }
            elements.forEach(element -> requireText(element, MAX_TEXT_LENGTH, "plot node"));
        }
    }

    /** The review (or, for WORLD, fact-check) capability's score of the proposal awaiting review. */
    record RecordReview(CommandMeta meta, Stage stage, double score, List<String> findings) implements SessionCommand {
        public RecordReview {
            requireMeta(meta);
            Objects.requireNonNull(stage, "stage");
            requireScore(score);
            findings = findings == null ? List.of() : List.copyOf(findings);
        }
    }

    /** A capability gave up on the stage's task for good (after its own retries); the session fails. */
    record RecordFailure(CommandMeta meta, Stage stage, FailureKind kind, String reason, int attempts)
            implements SessionCommand {
        public RecordFailure {
            requireMeta(meta);
            Objects.requireNonNull(stage, "stage");
            Objects.requireNonNull(kind, "failure kind");
            reason = requireText(reason, MAX_TEXT_LENGTH, "reason");
            if (attempts < 1) {
                throw new IllegalArgumentException("a failure takes at least one attempt");
            }
        }
    }

    private static void requireMeta(CommandMeta meta) {
        Objects.requireNonNull(meta, "command meta");
    }

    private static String requireText(String value, int maxLength, String what) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(what + " is required");
        }
        String stripped = value.strip();
        if (stripped.length() > maxLength) {
            throw new IllegalArgumentException(what + " is longer than " + maxLength + " characters");
        }
        return stripped;
    }

    private static void requireScore(double score) {
        if (!(score >= 0.0 && score <= 10.0)) {
            throw new IllegalArgumentException("score must be within 0..10: " + score);
        }
    }
}
