package io.fabula.adapters.out.postgres;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabula.domain.failure.Failure;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A refused command's {@link Failure} as {@code command_inbox.result} jsonb: {@code {"failure": {"kind",
 * "reason", ...the kind's own data}}}, read back into the same record.
 */
final class StoredFailure {
    private StoredFailure() {
    }

    static String write(Failure failure) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("kind", failure.kind().name());
        json.put("reason", failure.reason());
        if (failure instanceof Failure.Validation validation) {
            json.put("malformed", validation.malformed());
        } else if (failure instanceof Failure.Conflict conflict) {
            json.put("current_version", conflict.currentVersion());
        } else if (failure instanceof Failure.RateLimited limited) {
            json.put("retry_after_ms", limited.retryAfter().toMillis());
        } else if (failure instanceof Failure.FeatureDisabled disabled) {
            json.put("feature", disabled.feature());
        } else if (failure instanceof Failure.BudgetExceeded budget) {
            json.put("resets_at", budget.resetsAt().toString());
        } else if (failure instanceof Failure.QualityRejected quality) {
            json.put("score", quality.score());
        }
        return Json.write(Map.of("failure", json));
    }

    static Failure read(String text) {
        JsonNode json = Json.read(text).path("failure");
        String reason = json.path("reason").asText();
        return switch (json.path("kind").asText()) {
            case "VALIDATION" -> new Failure.Validation(reason, json.path("malformed").asBoolean());
            case "UNAUTHORIZED" -> new Failure.Unauthorized(reason);
            case "FORBIDDEN" -> new Failure.Forbidden(reason);
            case "NOT_FOUND" -> new Failure.NotFound(reason);
            case "CONFLICT" -> new Failure.Conflict(reason, json.path("current_version").asLong());
            case "RATE_LIMITED" -> new Failure.RateLimited(reason, Duration.ofMillis(json.path("retry_after_ms").asLong()));
            case "FEATURE_DISABLED" -> new Failure.FeatureDisabled(json.path("feature").asText(), reason);
            case "BUDGET_EXCEEDED" -> new Failure.BudgetExceeded(reason, Instant.parse(json.path("resets_at").asText()));
            case "TRANSIENT" -> new Failure.Transient(reason);
            case "POISON" -> new Failure.Poison(reason);
            case "QUALITY_REJECTED" -> new Failure.QualityRejected(reason, json.path("score").asDouble());
            default -> throw new IllegalStateException("command_inbox holds a failure of unknown kind: " + text);
        };
    }
}
