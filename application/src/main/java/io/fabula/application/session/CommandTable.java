package io.fabula.application.session;

import io.fabula.application.port.out.ConversationRound.Role;
import io.fabula.domain.session.SessionCommand;
import io.fabula.domain.session.SessionCommand.RecordFailure;
import io.fabula.domain.session.SessionCommand.RecordProposal;
import io.fabula.domain.session.SessionCommand.RecordReview;
import io.fabula.domain.session.SessionCommand.ReopenStage;
import io.fabula.domain.session.SessionCommand.RequestProposal;
import io.fabula.domain.session.SessionCommand.ReviseProposal;
import io.fabula.domain.session.SessionCommand.StartSession;
import io.fabula.domain.session.SessionCommand.SubmitMessage;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * The little that differs per command on the command path, in one table: who speaks in its round,
 * what text it carries, and its request fingerprint. Everything else is the same for all commands.
 */
final class CommandTable {
    private CommandTable() {
    }

    /** The command's type as stored and shown, e.g. {@code ConfirmStage}. */
    static String type(SessionCommand command) {
        return command.getClass().getSimpleName();
    }

    /** Commands from workers carry an agent's output; everything else is the writer speaking. */
    static Role role(SessionCommand command) {
        return command instanceof RecordProposal || command instanceof RecordReview || command instanceof RecordFailure
                ? Role.AGENT : Role.WRITER;
    }

    /** The writer's words in this round, or null. */
    static String writerText(SessionCommand command) {
        if (command instanceof StartSession start) {
            return start.seedIdea();
        } else if (command instanceof SubmitMessage message) {
            return message.text();
        } else if (command instanceof RequestProposal request) {
            return request.hints().isEmpty() ? null : request.hints();
        } else if (command instanceof ReviseProposal revise) {
            return revise.feedback();
        } else if (command instanceof ReopenStage reopen) {
            return reopen.reason();
        }
        return null; // Confirm, Pause, Resume, Abandon, Branch carry no text; Record* carry agent output
    }

    /** An agent's output in this round, or null. */
    static String agentText(SessionCommand command) {
        if (command instanceof RecordProposal proposal) {
            return proposal.content();
        } else if (command instanceof RecordReview review) {
            return "score " + review.score() + (review.findings().isEmpty() ? "" : "\n" + String.join("\n", review.findings()));
        } else if (command instanceof RecordFailure failure) {
            return failure.kind() + ": " + failure.reason();
        }
        return null;
    }

    /**
     * SHA-256 of what the command asks for: its type, session, sender and own fields, but not its
     * metadata (expected version, correlation and trace ids change between honest retries).
     * Records print their components deterministically, so the printed form minus the metadata is
     * a faithful rendering of the request.
     */
    static String fingerprint(SessionCommand command) {
        String body = command.toString().replace(command.meta().toString(), "");
        String canonical = String.join("\n", List.of(type(command), command.sessionId().toString(),
                command.userId().toString(), body));
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
