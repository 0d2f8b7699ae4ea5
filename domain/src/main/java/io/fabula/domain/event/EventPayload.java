package io.fabula.domain.event;

import io.fabula.domain.id.NovelId;
import io.fabula.domain.id.SessionId;
import io.fabula.domain.id.UserId;
import io.fabula.domain.stage.Stage;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The {@code payload} of the envelope. One shape for all event types: the fields every consumer
 * reads ({@code session_id, novel_id, user_id, stage}), the artifact's text ({@code content}) and
 * score ({@code quality_score}) where the event has them, and named {@code attributes} for the
 * rest (feedback, reason, attempt, ...; see {@link Attributes}). A single shape keeps the JSON Schema,
 * the codec and every consumer small; the content itself is opaque text to the domain.
 * Attributes are kept sorted by name so the JSON is byte-for-byte stable.
 *
 * @param content      may be null
 * @param qualityScore may be null; 0–10 when present
 */
public record EventPayload(
        SessionId sessionId, NovelId novelId, UserId userId, Stage stage,
        String content, Double qualityScore, Map<String, String> attributes) {

    private static final Pattern ATTRIBUTE_NAME = Pattern.compile("[a-z][a-z0-9_]{0,63}");
    /** The names the envelope already uses for payload fields; an attribute must not shadow one. */
    public static final Set<String> FIELD_NAMES =
            Set.of("session_id", "novel_id", "user_id", "stage", "content", "quality_score");

    public EventPayload {
        Objects.requireNonNull(sessionId, "session id");
        Objects.requireNonNull(novelId, "novel id");
        Objects.requireNonNull(userId, "user id");
        Objects.requireNonNull(stage, "stage");
        if (qualityScore != null && !(qualityScore >= 0.0 && qualityScore <= 10.0)) {
            throw new IllegalArgumentException("quality score must be within 0..10: " + qualityScore);
        }
        TreeMap<String, String> copy = new TreeMap<>();
        (attributes == null ? Map.<String, String>of() : attributes).forEach((name, value) -> {
            if (!isAttributeName(name)) {
                throw new IllegalArgumentException("not a valid attribute name: " + name);
            }
            copy.put(name, Objects.requireNonNull(value, name));
        });
        attributes = Collections.unmodifiableSortedMap(copy);
    }

    /** Lower snake case, at most 64 characters, and not one of the {@link #FIELD_NAMES}. */
    public static boolean isAttributeName(String name) {
        return ATTRIBUTE_NAME.matcher(name).matches() && !FIELD_NAMES.contains(name);
    }

    public String attribute(String name) {
        return attributes.get(name);
    }

    /** The attribute names the domain writes. */
    public static final class Attributes {
        public static final String HINTS = "hints";
        public static final String FEEDBACK = "feedback";
        public static final String REASON = "reason";
        public static final String ATTEMPT = "attempt";
        public static final String RETRY_DELAY_MS = "retry_delay_ms";
        public static final String VERDICT = "verdict";
        public static final String BAND = "band";
        public static final String FAILURE_KIND = "failure_kind";
        public static final String BRANCH_SESSION_ID = "branch_session_id";
        public static final String FROM_ROUND = "from_round";
        /** On a branch's own {@code BranchCreated}: the session it was forked from. */
        public static final String PARENT_SESSION_ID = "parent_session_id";
        /** On a branch's own {@code BranchCreated}: the path of the round it was forked after ("2", "2.3"). */
        public static final String FROM_ROUND_PATH = "from_round_path";
        public static final String ROUND = "round";
        public static final String STAGE_STATE = "stage_state";
        public static final String PREVIOUS_STATUS = "previous_status";

        private Attributes() {
        }
    }
}
