package io.fabula.application.session;

import io.fabula.application.port.out.ConversationRound.Role;
import io.fabula.domain.session.CommandMeta;
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
import java.lang.reflect.RecordComponent;
import java.math.BigDecimal;
import java.util.Collection;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

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
     * metadata (expected version, correlation and trace ids change between honest retries). The
     * fields are written in a canonical form — names sorted, strings JSON-quoted, whole numbers
     * without a fraction, enums and ids by name — so the hash depends on what was asked, never on
     * how a record happens to print itself or in which order a JSON payload listed its fields.
     */
    static String fingerprint(SessionCommand command) {
        Map<String, Object> fields = new TreeMap<>();
        for (RecordComponent component : command.getClass().getRecordComponents()) {
            if (component.getType() == CommandMeta.class) {
                continue;
            }
            try {
                fields.put(component.getName(), component.getAccessor().invoke(command));
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("cannot read " + component.getName() + " of " + type(command), e);
            }
        }
        return sha256(type(command), command.sessionId().toString(), command.userId().toString(), fields);
    }

    /** The fingerprint of a request that never became a command (its payload does not fit its type). */
    static String fingerprint(CommandRequest request, CommandMeta meta) {
        return sha256(request.type(), meta.sessionId().toString(), meta.userId().toString(), new TreeMap<>(request.payload()));
    }

    private static String sha256(String type, String session, String user, Map<String, Object> fields) {
        StringBuilder canonical = new StringBuilder("fabula-command/1\n").append(quote(type)).append('\n')
                .append(session).append('\n').append(user).append('\n');
        write(canonical, fields);
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(canonical.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    private static void write(StringBuilder out, Object value) {
        if (value == null) {
            out.append("null");
        } else if (value instanceof CharSequence text) {
            out.append(quote(text.toString()));
        } else if (value instanceof Enum<?> constant) {
            out.append(quote(constant.name()));
        } else if (value instanceof Number number) {
            out.append(number(number));
        } else if (value instanceof Boolean bool) {
            out.append(bool);
        } else if (value instanceof Map<?, ?> map) {
            out.append('{');
            String separator = "";
            for (Map.Entry<?, ?> entry : new TreeMap<>(map).entrySet()) {
                out.append(separator).append(quote(String.valueOf(entry.getKey()))).append(':');
                write(out, entry.getValue());
                separator = ",";
            }
            out.append('}');
        } else if (value instanceof Collection<?> list) {
            out.append('[');
            String separator = "";
            for (Object element : list) {
                out.append(separator);
                write(out, element);
                separator = ",";
            }
            out.append(']');
        } else {
            out.append(quote(value.toString())); // typed ids (NovelId, ...) print their value
        }
    }

    /** 2, 2L and 2.0 are the same number; other values keep every digit Java's shortest form gives. */
    private static String number(Number number) {
        if (number instanceof BigDecimal decimal) {
            return decimal.stripTrailingZeros().toPlainString();
        }
        if (number instanceof Double || number instanceof Float) {
            double value = number.doubleValue();
            if (Double.isFinite(value) && value == Math.rint(value) && Math.abs(value) < 1e15) {
                return Long.toString((long) value);
            }
            return Double.toString(value);
        }
        return Long.toString(number.longValue());
    }

    private static String quote(String text) {
        StringBuilder quoted = new StringBuilder(text.length() + 2).append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> quoted.append("\\\"");
                case '\\' -> quoted.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        quoted.append(String.format("\\u%04x", (int) c));
                    } else {
                        quoted.append(c);
                    }
                }
            }
        }
        return quoted.append('"').toString();
    }
}
