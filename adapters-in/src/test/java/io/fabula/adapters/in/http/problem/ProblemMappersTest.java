package io.fabula.adapters.in.http.problem;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.dropwizard.testing.junit5.ResourceExtension;
import io.fabula.domain.failure.Failure;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.client.Entity;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.sql.SQLTransientConnectionException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

@ExtendWith(DropwizardExtensionsSupport.class)
class ProblemMappersTest {
    private static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");
    private static final Map<String, Failure> FAILURES = Map.ofEntries(
            Map.entry("validation", Failure.Validation.of("seed_idea must not be empty")),
            Map.entry("malformed", new Failure.Validation("not readable", true)),
            Map.entry("unauthorized", new Failure.Unauthorized("email or password is wrong")),
            Map.entry("forbidden", new Failure.Forbidden("admins only")),
            Map.entry("not-found", new Failure.NotFound("no such session")),
            Map.entry("conflict", new Failure.Conflict("expected version 3 but the session is at 4", 4)),
            Map.entry("rate-limited", new Failure.RateLimited("60 requests per 60 s", Duration.ofMillis(12_300))),
            Map.entry("feature-disabled", new Failure.FeatureDisabled("LLM_ENABLED", "generation is switched off")),
            Map.entry("budget-exceeded", new Failure.BudgetExceeded("daily budget spent", NOW.plusSeconds(3600))),
            Map.entry("transient", new Failure.Transient("postgres timed out")),
            Map.entry("poison", new Failure.Poison("unknown schema")),
            Map.entry("quality-rejected", new Failure.QualityRejected("too weak", 3.5)));

    @Path("/api/v1/probe")
    @Produces(MediaType.APPLICATION_JSON)
    public static final class ProbeResource {
        public record Body(@JsonProperty("seed_idea") @NotBlank String seedIdea,
                           @JsonProperty("count") @NotNull @Max(10) Integer count,
                           @JsonProperty("tags") @Size(max = 2) List<String> tags) {
        }

        @GET
        @Path("/failure/{name}")
        public String failure(@PathParam("name") String name) {
            throw new FailureException(FAILURES.get(name));
        }

        @POST
        @Path("/body")
        @Consumes(MediaType.APPLICATION_JSON)
        public Body body(@Valid @NotNull Body body) {
            return body;
        }

        @GET
        @Path("/page")
        public String page(@QueryParam("limit") @Max(100) Integer limit) {
            return "{}";
        }

        @GET
        @Path("/bug")
        public String bug() {
            throw new IllegalStateException("secret internal detail: password=hunter2");
        }

        @GET
        @Path("/database-down")
        public String databaseDown() {
            throw new RuntimeException("wrapped", new SQLTransientConnectionException("pool exhausted"));
        }
    }

    static final ResourceExtension API = ResourceExtension.builder()
            .setRegisterDefaultExceptionMappers(false)
            .addProvider(new ProblemMappers(Clock.fixed(NOW, ZoneOffset.UTC)))
            .addResource(new ProbeResource())
            .build();

    static Stream<Arguments> failures() {
        return Stream.of(
                Arguments.of("validation", 422, null),
                Arguments.of("malformed", 400, null),
                Arguments.of("unauthorized", 401, null),
                Arguments.of("forbidden", 403, null),
                Arguments.of("not-found", 404, null),
                Arguments.of("conflict", 409, null),
                Arguments.of("rate-limited", 429, "13"),
                Arguments.of("feature-disabled", 503, null),
                Arguments.of("budget-exceeded", 503, "3600"),
                Arguments.of("transient", 503, "5"),
                Arguments.of("poison", 422, null),
                Arguments.of("quality-rejected", 422, null));
    }

    @ParameterizedTest(name = "{0} answers {1}")
    @MethodSource("failures")
    void each_failure_kind_answers_its_status_as_a_problem(String name, int status, String retryAfter) {
        Response response = API.target("/api/v1/probe/failure/" + name).request().get();

        assertThat(response.getStatus()).isEqualTo(status);
        assertThat(response.getMediaType().toString()).isEqualTo(Problem.MEDIA_TYPE);
        assertThat(response.getHeaderString("Retry-After")).isEqualTo(retryAfter);
        Map<String, Object> problem = problem(response);
        assertThat(problem).containsEntry("status", status)
                .containsEntry("detail", FAILURES.get(name).reason())
                .containsEntry("instance", "/api/v1/probe/failure/" + name);
        assertThat((String) problem.get("type")).startsWith("urn:fabula:problem:");
        assertThat((String) problem.get("title")).isNotBlank();
    }

    @Test
    void a_conflict_tells_the_current_version_to_retry_with() {
        Map<String, Object> problem = problem(API.target("/api/v1/probe/failure/conflict").request().get());

        assertThat(problem).containsEntry("type", "urn:fabula:problem:conflict").containsEntry("current_version", 4);
    }

    @Test
    void a_disabled_feature_names_its_switch_and_an_unauthorized_answer_names_the_scheme() {
        assertThat(problem(API.target("/api/v1/probe/failure/feature-disabled").request().get()))
                .containsEntry("feature", "LLM_ENABLED");
        assertThat(API.target("/api/v1/probe/failure/unauthorized").request().get().getHeaderString("WWW-Authenticate"))
                .startsWith("Bearer");
    }

    @Test
    void malformed_json_is_a_400_problem_saying_where() {
        Response response = API.target("/api/v1/probe/body").request()
                .post(Entity.entity("{\"seed_idea\": \"x\", ", MediaType.APPLICATION_JSON));

        assertThat(response.getStatus()).isEqualTo(400);
        assertThat(response.getMediaType().toString()).isEqualTo(Problem.MEDIA_TYPE);
        assertThat((String) problem(response).get("detail")).contains("not valid JSON").contains("line 1");
    }

    @Test
    void a_field_of_the_wrong_type_is_a_400_problem_naming_the_field() {
        Response response = API.target("/api/v1/probe/body").request()
                .post(Entity.entity("{\"seed_idea\": \"x\", \"count\": \"many\"}", MediaType.APPLICATION_JSON));

        assertThat(response.getStatus()).isEqualTo(400);
        assertThat((String) problem(response).get("detail")).contains("'count'");
    }

    @Test
    void validation_failures_list_each_bad_field_by_its_json_name() {
        Response response = API.target("/api/v1/probe/body").request()
                .post(Entity.entity("{\"seed_idea\": \" \", \"count\": 11, \"tags\": [\"a\", \"b\", \"c\"]}",
                        MediaType.APPLICATION_JSON));

        assertThat(response.getStatus()).isEqualTo(422);
        Map<String, Object> problem = problem(response);
        assertThat(problem).containsEntry("type", "urn:fabula:problem:validation");
        @SuppressWarnings("unchecked")
        List<Map<String, String>> errors = (List<Map<String, String>>) problem.get("errors");
        assertThat(errors).extracting(e -> e.get("field")).containsExactly("count", "seed_idea", "tags");
        assertThat(errors).allSatisfy(e -> assertThat(e.get("message")).isNotBlank());
    }

    @Test
    void a_missing_body_is_a_validation_problem() {
        Response response = API.target("/api/v1/probe/body").request().post(Entity.json(null));

        assertThat(response.getStatus()).isIn(400, 422);
        assertThat(response.getMediaType().toString()).isEqualTo(Problem.MEDIA_TYPE);
    }

    @Test
    void a_bad_query_parameter_is_a_problem_naming_it() {
        Response tooLarge = API.target("/api/v1/probe/page").queryParam("limit", 500).request().get();
        Response notANumber = API.target("/api/v1/probe/page").queryParam("limit", "many").request().get();

        assertThat(tooLarge.getStatus()).isEqualTo(400);
        assertThat(problem(tooLarge).get("errors").toString()).contains("field=limit");
        assertThat(notANumber.getStatus()).isEqualTo(400);
        assertThat(notANumber.getMediaType().toString()).isEqualTo(Problem.MEDIA_TYPE);
        assertThat((String) problem(notANumber).get("detail")).contains("limit");
    }

    @Test
    void the_wrong_content_type_is_a_415_problem() {
        Response response = API.target("/api/v1/probe/body").request().post(Entity.text("seed"));

        assertThat(response.getStatus()).isEqualTo(415);
        assertThat(response.getMediaType().toString()).isEqualTo(Problem.MEDIA_TYPE);
        assertThat((String) problem(response).get("detail")).contains("text/plain").contains("application/json");
    }

    @Test
    void an_unknown_route_is_a_404_problem() {
        Response response = API.target("/api/v1/nowhere").request().get();

        assertThat(response.getStatus()).isEqualTo(404);
        assertThat(response.getMediaType().toString()).isEqualTo(Problem.MEDIA_TYPE);
        assertThat(problem(response)).containsEntry("type", "urn:fabula:problem:not-found");
    }

    @Test
    void the_wrong_method_is_a_405_problem_with_the_allowed_ones() {
        Response response = API.target("/api/v1/probe/bug").request().delete();

        assertThat(response.getStatus()).isEqualTo(405);
        assertThat(response.getMediaType().toString()).isEqualTo(Problem.MEDIA_TYPE);
        assertThat(response.getHeaderString("Allow")).contains("GET");
        assertThat((String) problem(response).get("detail")).contains("DELETE").contains("GET");
    }

    @Test
    void an_uncaught_exception_is_a_500_problem_that_leaks_nothing() {
        Response response = API.target("/api/v1/probe/bug").request().get();

        assertThat(response.getStatus()).isEqualTo(500);
        assertThat(response.getMediaType().toString()).isEqualTo(Problem.MEDIA_TYPE);
        String body = response.readEntity(String.class);
        assertThat(body).doesNotContain("hunter2").doesNotContain("IllegalStateException").contains("error_id");
    }

    @Test
    void a_lost_database_connection_is_a_503_with_retry_after() {
        Response response = API.target("/api/v1/probe/database-down").request().get();

        assertThat(response.getStatus()).isEqualTo(503);
        assertThat(response.getHeaderString("Retry-After")).isEqualTo("5");
        assertThat(response.readEntity(String.class)).doesNotContain("pool exhausted");
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> problem(Response response) {
        return response.readEntity(Map.class);
    }
}
