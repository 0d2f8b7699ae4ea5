package io.fabula.application.session;

import io.fabula.domain.failure.FailureKind;
import io.fabula.domain.id.NovelId;
import io.fabula.domain.session.CommandMeta;
import io.fabula.domain.session.SessionCommand;
import io.fabula.domain.stage.Stage;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * A command as it arrives over the API ({@code {type, payload}}, SPEC §6), before it is a typed
 * {@link SessionCommand}. Payload names are lower snake case; values are what JSON gives (strings,
 * numbers, lists of strings).
 */
public record CommandRequest(String type, Map<String, Object> payload) {
    /** The command types of SPEC §2, by the name the API uses. */
    public static final List<String> TYPES = List.of("StartSession", "SubmitMessage", "RequestProposal",
            "ReviseProposal", "ConfirmStage", "ReopenStage", "PauseSession", "ResumeSession", "AbandonSession",
            "BranchSession", "RecordProposal", "RecordReview", "RecordFailure");

    public CommandRequest {
        type = type == null ? "" : type.strip();
        payload = payload == null ? Map.of() : Map.copyOf(payload);
    }

    /**
     * The typed command.
     *
     * @throws IllegalArgumentException with a message fit for the writer when the type is unknown or
     *                                  the payload does not fit it
     */
    SessionCommand toCommand(CommandMeta meta) {
        return switch (type) {
            case "StartSession" -> new SessionCommand.StartSession(meta, text("seed_idea"), NovelId.of(required("novel_id")));
            case "SubmitMessage" -> new SessionCommand.SubmitMessage(meta, text("text"));
            case "RequestProposal" -> new SessionCommand.RequestProposal(meta, stage(), optionalText("hints"));
            case "ReviseProposal" -> new SessionCommand.ReviseProposal(meta, stage(), text("feedback"));
            case "ConfirmStage" -> new SessionCommand.ConfirmStage(meta, stage());
            case "ReopenStage" -> new SessionCommand.ReopenStage(meta, stage(), text("reason"));
            case "PauseSession" -> new SessionCommand.PauseSession(meta);
            case "ResumeSession" -> new SessionCommand.ResumeSession(meta);
            case "AbandonSession" -> new SessionCommand.AbandonSession(meta);
            case "BranchSession" -> new SessionCommand.BranchSession(meta, (long) number("from_round"));
            case "RecordProposal" -> new SessionCommand.RecordProposal(meta, stage(), text("content"),
                    payload.containsKey("quality_score") ? number("quality_score") : null, texts("elements"));
            case "RecordReview" -> new SessionCommand.RecordReview(meta, stage(), number("score"), texts("findings"));
            case "RecordFailure" -> new SessionCommand.RecordFailure(meta, stage(), failureKind(),
                    text("reason"), (int) number("attempts"));
            default -> throw new IllegalArgumentException("unknown command type '" + type + "'; one of " + TYPES);
        };
    }

    private Stage stage() {
        String name = required("stage");
        try {
            return Stage.valueOf(name.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown stage '" + name + "'; one of " + names(Stage.values()));
        }
    }

    private FailureKind failureKind() {
        String name = required("kind");
        try {
            return FailureKind.valueOf(name.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown failure kind '" + name + "'; one of " + names(FailureKind.values()));
        }
    }

    private String required(String name) {
        Object value = payload.get(name);
        if (value == null) {
            throw new IllegalArgumentException(name + " is required");
        }
        if (!(value instanceof String text)) {
            throw new IllegalArgumentException(name + " must be a string");
        }
        return text;
    }

    /** Emptiness and length are the command's own checks; here only presence and type. */
    private String text(String name) {
        Object value = payload.get(name);
        if (value != null && !(value instanceof String)) {
            throw new IllegalArgumentException(name + " must be a string");
        }
        return (String) value;
    }

    private String optionalText(String name) {
        return text(name);
    }

    private double number(String name) {
        Object value = payload.get(name);
        if (value == null) {
            throw new IllegalArgumentException(name + " is required");
        }
        if (!(value instanceof Number number)) {
            throw new IllegalArgumentException(name + " must be a number");
        }
        return number.doubleValue();
    }

    private List<String> texts(String name) {
        Object value = payload.get(name);
        if (value == null) {
            return List.of();
        }
        if (!(value instanceof List<?> list) || !list.stream().allMatch(String.class::isInstance)) {
            throw new IllegalArgumentException(name + " must be a list of strings");
        }
        return list.stream().map(String.class::cast).toList();
    }

    private static String names(Enum<?>[] values) {
        return Arrays.stream(values).map(Enum::name).collect(Collectors.joining(", "));
    }

    @Override
    public String toString() {
        return type + Objects.toString(payload.keySet());
    }
}
