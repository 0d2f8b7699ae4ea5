package io.fabula.adapters.out.redis;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabula.application.live.LiveSignals;
import io.fabula.application.live.TokenDelta;
import io.fabula.domain.id.SessionId;
import io.fabula.domain.id.UserId;
import io.fabula.domain.stage.Stage;
import java.io.UncheckedIOException;

/**
 * The signals' wire form on {@link LiveKeys#SIGNALS}: {@code p|<user id>} (history grew),
 * {@code c|<connection id>} (close), {@code t|<delta as JSON>}.
 */
final class LiveSignalCodec {
    private final ObjectMapper json = new ObjectMapper();

    String published(UserId user) {
        return "p|" + user;
    }

    String close(String connectionId) {
        return "c|" + connectionId;
    }

    String delta(TokenDelta delta) {
        ObjectNode node = json.createObjectNode()
                .put("session_id", delta.sessionId().toString())
                .put("user_id", delta.userId().toString())
                .put("stage", delta.stage().name())
                .put("capability", delta.capability())
                .put("run_id", delta.runId())
                .put("sequence", delta.sequence())
                .put("text", delta.text())
                .put("last", delta.last());
        try {
            return "t|" + json.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Hands one signal to the listener; a malformed one (from a newer or foreign writer) is ignored. */
    boolean dispatch(String message, LiveSignals.Listener listener) {
        Runnable call = parse(message, listener);
        if (call == null) {
            return false;
        }
        call.run();
        return true;
    }

    private Runnable parse(String message, LiveSignals.Listener listener) {
        if (message == null || message.length() < 2 || message.charAt(1) != '|') {
            return null;
        }
        String body = message.substring(2);
        try {
            return switch (message.charAt(0)) {
                case 'p' -> {
                    UserId user = UserId.of(body);
                    yield () -> listener.published(user);
                }
                case 'c' -> () -> listener.closeRequested(body);
                case 't' -> {
                    TokenDelta delta = delta(json.readTree(body));
                    yield () -> listener.delta(delta);
                }
                default -> null;
            };
        } catch (JsonProcessingException | RuntimeException malformed) {
            return null;
        }
    }

    private static TokenDelta delta(JsonNode node) {
        return new TokenDelta(SessionId.of(node.get("session_id").asText()), UserId.of(node.get("user_id").asText()),
                Stage.valueOf(node.get("stage").asText()), node.get("capability").asText(), node.get("run_id").asText(),
                node.get("sequence").asInt(), node.get("text").asText(), node.get("last").asBoolean());
    }
}
