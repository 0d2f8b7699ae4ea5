package io.fabula.adapters.in.http.problem;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The body of every error answer: RFC 9457 "Problem Details for HTTP APIs", served as
 * {@value #MEDIA_TYPE}. {@code type} is a {@code urn:fabula:problem:<kind>} URN naming the kind of
 * problem (stable, for programs), {@code title} its short human name, {@code detail} what went wrong
 * this time (for people, never a stack trace or a secret), {@code instance} the request path.
 * Extension members carry what a client needs to react: {@code errors} (each bad field),
 * {@code current_version} (409), {@code retry_after_seconds} (429/503), {@code feature},
 * {@code resets_at}, {@code error_id} (500, to find the log line).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"type", "title", "status", "detail", "instance"})
@Schema(name = "Problem", description = "RFC 9457 problem details; extension members as documented in docs/api.md")
public final class Problem {
    public static final String MEDIA_TYPE = "application/problem+json";
    public static final String TYPE_PREFIX = "urn:fabula:problem:";

    private final String type;
    private final String title;
    private final int status;
    private final String detail;
    private final String instance;
    private final Map<String, Object> extensions;

    public Problem(String type, String title, int status, String detail, String instance, Map<String, Object> extensions) {
        this.type = Objects.requireNonNull(type, "type");
        this.title = Objects.requireNonNull(title, "title");
        this.status = status;
        this.detail = detail;
        this.instance = instance;
        this.extensions = Collections.unmodifiableMap(new LinkedHashMap<>(extensions));
    }

    /** A problem of kind {@code urn:fabula:problem:<kind>}. */
    public static Problem of(String kind, String title, int status, String detail) {
        return new Problem(TYPE_PREFIX + kind, title, status, detail, null, Map.of());
    }

    public Problem with(String member, Object value) {
        Map<String, Object> more = new LinkedHashMap<>(extensions);
        more.put(member, value);
        return new Problem(type, title, status, detail, instance, more);
    }

    public Problem at(String path) {
        return new Problem(type, title, status, detail, path, extensions);
    }

    @JsonProperty
    @Schema(example = "urn:fabula:problem:conflict", requiredMode = Schema.RequiredMode.REQUIRED)
    public String type() {
        return type;
    }

    @JsonProperty
    @Schema(example = "Conflict", requiredMode = Schema.RequiredMode.REQUIRED)
    public String title() {
        return title;
    }

    @JsonProperty
    @Schema(example = "409", requiredMode = Schema.RequiredMode.REQUIRED)
    public int status() {
        return status;
    }

    @JsonProperty
    @Schema(example = "expected version 3 but the session is at 4")
    public String detail() {
        return detail;
    }

    @JsonProperty
    @Schema(example = "/api/v1/genesis/sessions/0190f1c4-8f7e-7c3a-9a55-2d6f1c9e4a10/commands")
    public String instance() {
        return instance;
    }

    @JsonAnyGetter
    public Map<String, Object> extensions() {
        return extensions;
    }

    @Override
    public String toString() {
        return status + " " + type + ": " + detail;
    }
}
