package io.fabula.adapters.in.http.story;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.dropwizard.auth.Auth;
import io.fabula.adapters.in.http.Api;
import io.fabula.adapters.in.http.auth.Caller;
import io.fabula.application.memory.Passage;
import io.fabula.application.memory.Retrieval;
import io.fabula.application.story.ExploreStory;
import io.fabula.domain.id.SessionId;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * {@code GET …/sessions/{id}/search?q=} (SPEC §6): the passages of the session's story memory closest in meaning
 * to the query, or why the search was skipped (switch off, Milvus down: SPEC §8).
 */
@Path(Api.V1 + "/genesis/sessions/{sessionId}/search")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "story", description = "The session's story graph findings and a search of its story memory")
public final class StorySearchResource {
    private final ExploreStory story;

    public StorySearchResource(ExploreStory story) {
        this.story = Objects.requireNonNull(story, "story");
    }

    @Schema(name = "SearchResult")
    public record ResultView(
            @Schema(example = "0190f1c4-7a4e-7c1d-9c1e-5d2a6f0b1c3d:world", requiredMode = Schema.RequiredMode.REQUIRED) String id,
            @Schema(example = "world", requiredMode = Schema.RequiredMode.REQUIRED) String kind,
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED) String ref,
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED) String text,
            @Schema(description = "cosine similarity, higher is closer", requiredMode = Schema.RequiredMode.REQUIRED)
            double similarity) {
    }

    @Schema(name = "Search")
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record SearchView(
            @Schema(allowableValues = {"found", "skipped"}, requiredMode = Schema.RequiredMode.REQUIRED,
                    description = "skipped when VECTOR_SEARCH_ENABLED is off or Milvus cannot answer") String search,
            @Schema(description = "why it was skipped") String reason,
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED) List<ResultView> results) {
    }

    @GET
    @Operation(summary = "Search this session's story memory by meaning",
            security = @SecurityRequirement(name = "bearer"), responses = {
            @ApiResponse(responseCode = "200", description = "the closest passages, best first, or why the search was skipped",
                    content = @Content(schema = @Schema(implementation = SearchView.class))),
            @ApiResponse(responseCode = "400", description = "q missing or too long, limit or kind invalid"),
            @ApiResponse(responseCode = "401", description = "no valid access token"),
            @ApiResponse(responseCode = "404", description = "no such session of yours")})
    public SearchView search(@Auth Caller caller, @PathParam("sessionId") String id,
                             @Parameter(description = "what to look for, in words", required = true, example = "the drowned letters")
                             @QueryParam("q") @NotBlank @Size(max = 500) String q,
                             @Parameter(description = "at most this many passages (1–20)")
                             @QueryParam("limit") @DefaultValue("5") @Min(1) @Max(20) int limit,
                             @Parameter(description = "only passages of these kinds (seed, concept, theme, world, characters, plot, details, plot_node)")
                             @QueryParam("kind") List<@Pattern(regexp = "[a-z][a-z0-9_]{0,31}") String> kinds) {
        SessionId session = StoryPaths.sessionId(id);
        Retrieval retrieval = story.search(session, caller.userId(), q.strip(), Set.copyOf(kinds), limit)
                .orElseThrow(() -> StoryPaths.notFound(id));
        if (retrieval instanceof Retrieval.Skipped skipped) {
            return new SearchView("skipped", skipped.reason(), List.of());
        }
        return new SearchView("found", null, retrieval.passages().stream().map(found -> {
            Passage passage = found.passage();
            return new ResultView(passage.id(), passage.kind(), passage.ref(), passage.text(), found.similarity());
        }).toList());
    }
}
