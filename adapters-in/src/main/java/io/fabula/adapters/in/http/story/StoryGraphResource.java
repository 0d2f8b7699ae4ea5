package io.fabula.adapters.in.http.story;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.auth.Auth;
import io.fabula.adapters.in.http.Api;
import io.fabula.adapters.in.http.auth.Caller;
import io.fabula.application.story.ConsistencyReport;
import io.fabula.application.story.ExploreStory;
import io.fabula.application.story.GraphValidation;
import io.fabula.application.story.Severity;
import io.fabula.domain.id.SessionId;
import io.fabula.domain.quality.QualityConfig;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * {@code GET …/sessions/{id}/graph/validation} (SPEC §6): the consistency checks of the session's story graph,
 * or why they were skipped (switch off, Neo4j down: SPEC §8). A root of its own below the session, so it never
 * competes with the sessions resource for the session's other routes.
 */
@Path(Api.V1 + "/genesis/sessions/{sessionId}/graph")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "story", description = "The session's story graph findings and a search of its story memory")
public final class StoryGraphResource {
    private final ExploreStory story;
    private final QualityConfig quality;

    public StoryGraphResource(ExploreStory story, QualityConfig quality) {
        this.story = Objects.requireNonNull(story, "story");
        this.quality = Objects.requireNonNull(quality, "quality");
    }

    @Schema(name = "Finding")
    public record FindingView(
            @Schema(example = "CHARACTER_BREAKS_RULE", requiredMode = Schema.RequiredMode.REQUIRED) String check,
            @Schema(allowableValues = {"error", "warning", "info"}, requiredMode = Schema.RequiredMode.REQUIRED) String severity,
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED) List<String> refs,
            @Schema(example = "Mira can fly, but the tide rule forbids flight where she lives",
                    requiredMode = Schema.RequiredMode.REQUIRED) String message) {
    }

    @Schema(name = "GraphValidation")
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ValidationView(
            @JsonProperty("session_id") @Schema(format = "uuid", requiredMode = Schema.RequiredMode.REQUIRED) String sessionId,
            @Schema(allowableValues = {"checked", "skipped"}, requiredMode = Schema.RequiredMode.REQUIRED,
                    description = "skipped when GRAPH_VALIDATION_ENABLED is off or Neo4j cannot answer") String validation,
            @Schema(description = "why it was skipped", example = "graph validation is switched off") String reason,
            @Schema(description = "no findings at all") Boolean clean,
            @Schema(description = "findings per severity") Map<String, Long> counts,
            @Schema(description = "what the findings cost a proposal's quality score (SPEC §4 penalties)") Double penalty,
            @JsonProperty("elapsed_ms") Long elapsedMs,
            List<FindingView> findings) {
    }

    @GET
    @Path("/validation")
    @Operation(summary = "Run the story graph's consistency checks on this session's branch",
            security = @SecurityRequirement(name = "bearer"), responses = {
            @ApiResponse(responseCode = "200", description = "the findings, or why the checks were skipped",
                    content = @Content(schema = @Schema(implementation = ValidationView.class))),
            @ApiResponse(responseCode = "401", description = "no valid access token"),
            @ApiResponse(responseCode = "404", description = "no such session of yours")})
    public ValidationView validation(@Auth Caller caller, @PathParam("sessionId") String id) {
        SessionId session = StoryPaths.sessionId(id);
        GraphValidation result = story.validation(session, caller.userId()).orElseThrow(() -> StoryPaths.notFound(id));
        if (result instanceof GraphValidation.Skipped skipped) {
            return new ValidationView(session.toString(), "skipped", skipped.reason(), null, null, null, null, null);
        }
        ConsistencyReport report = ((GraphValidation.Checked) result).report();
        Map<String, Long> counts = new LinkedHashMap<>();
        for (Severity severity : Severity.values()) {
            counts.put(severity.name().toLowerCase(java.util.Locale.ROOT), report.count(severity));
        }
        List<FindingView> findings = report.findings().stream().map(finding -> new FindingView(finding.check().name(),
                finding.severity().name().toLowerCase(java.util.Locale.ROOT), finding.refs(), finding.message())).toList();
        return new ValidationView(session.toString(), "checked", null, report.clean(), counts, report.penalty(quality),
                report.elapsed().toMillis(), findings);
    }
}
