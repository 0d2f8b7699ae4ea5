package io.fabula.adapters.in.http.story;

import static org.assertj.core.api.Assertions.assertThat;

import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.dropwizard.testing.junit5.ResourceExtension;
import io.fabula.adapters.in.http.auth.BearerAuth;
import io.fabula.adapters.in.http.problem.ProblemMappers;
import io.fabula.adapters.out.crypto.JwtAccessTokens;
import io.fabula.application.auth.Identity;
import io.fabula.application.auth.Role;
import io.fabula.application.memory.MemoryQuery;
import io.fabula.application.memory.Passage;
import io.fabula.application.memory.RecallPassages;
import io.fabula.application.memory.Recollection;
import io.fabula.application.memory.StoryMemory;
import io.fabula.application.port.out.SessionRecord;
import io.fabula.application.port.out.SessionStore;
import io.fabula.application.port.out.SessionStores;
import io.fabula.application.session.SessionQueries;
import io.fabula.application.story.ConsistencyCheck;
import io.fabula.application.story.ConsistencyReport;
import io.fabula.application.story.ExploreStory;
import io.fabula.application.story.Finding;
import io.fabula.application.story.StoryBranch;
import io.fabula.application.story.StoryGraph;
import io.fabula.application.story.ValidateStoryGraph;
import io.fabula.domain.event.DomainEvent;
import io.fabula.domain.id.NovelId;
import io.fabula.domain.id.SessionId;
import io.fabula.domain.id.UserId;
import io.fabula.domain.quality.QualityConfig;
import io.fabula.domain.session.SessionStatus;
import io.fabula.domain.stage.Stage;
import io.fabula.domain.stage.StageState;
import jakarta.ws.rs.client.Invocation;
import jakarta.ws.rs.core.GenericType;
import jakarta.ws.rs.core.Response;
import java.lang.reflect.Proxy;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(DropwizardExtensionsSupport.class)
class StoryResourcesTest {
    private static final Clock CLOCK = Clock.systemUTC();
    private static final JwtAccessTokens TOKENS = new JwtAccessTokens("story-resources-test-secret-0123456789abcdef",
            "fabula", Duration.ofHours(24));
    private static final UserId OWNER = UserId.of("01956a1e-0000-7000-8000-0000000000aa");
    private static final UserId OTHER = UserId.of("01956a1e-0000-7000-8000-0000000000bb");
    private static final SessionId SESSION = SessionId.of("01956a1e-0000-7000-8000-000000000001");
    private static final NovelId NOVEL = NovelId.of("01956a1e-0000-7000-8000-0000000000cc");
    private static final StoryBranch BRANCH = new StoryBranch(NOVEL, SESSION);

    private static final AtomicBoolean validationOn = new AtomicBoolean(true);
    private static final AtomicBoolean searchOn = new AtomicBoolean(true);
    private static final AtomicBoolean graphDown = new AtomicBoolean();
    private static final AtomicReference<MemoryQuery> lastQuery = new AtomicReference<>();

    private static final StoryGraph GRAPH = new StoryGraph() {
        @Override
        public void project(DomainEvent event) {
        }

        @Override
        public ConsistencyReport validate(StoryBranch branch) {
            if (graphDown.get()) {
                throw new IllegalStateException("ServiceUnavailable");
            }
            return new ConsistencyReport(branch, List.of(new Finding(ConsistencyCheck.UNKNOWN_CHARACTER, List.of("p-1"),
                    "plot node p-1 names Oren, who is not a character")), Duration.ofMillis(12));
        }
    };

    private static final StoryMemory MEMORY = new StoryMemory() {
        @Override
        public void upsert(List<Passage> passages) {
        }

        @Override
        public List<Recollection> search(MemoryQuery query) {
            lastQuery.set(query);
            return List.of(new Recollection(new Passage(SESSION + ":seed", BRANCH, "seed", "e-1",
                    "a lighthouse keeper collects drowned letters"), 0.83));
        }

        @Override
        public void clear() {
        }
    };

    static final ResourceExtension API = ResourceExtension.builder()
            .setRegisterDefaultExceptionMappers(false)
            .addProvider(new ProblemMappers(CLOCK))
            .addProvider(new BearerAuth(TOKENS, CLOCK))
            .addResource(new StoryGraphResource(explore(), QualityConfig.defaults()))
            .addResource(new StorySearchResource(explore()))
            .build();

    @BeforeEach
    void everythingUp() {
        validationOn.set(true);
        searchOn.set(true);
        graphDown.set(false);
    }

    @Test
    void the_owner_gets_the_findings_with_counts_and_the_penalty() {
        Response response = get("/graph/validation", token(OWNER, Role.WRITER));

        assertThat(response.getStatus()).isEqualTo(200);
        Map<String, Object> body = json(response);
        assertThat(body).containsEntry("validation", "checked").containsEntry("clean", false)
                .containsEntry("session_id", SESSION.toString()).containsEntry("elapsed_ms", 12);
        assertThat(body.get("counts")).isEqualTo(Map.of("error", 1, "warning", 0, "info", 0));
        assertThat((Double) body.get("penalty")).isEqualTo(3.0);
        assertThat(body.get("findings")).asList().singleElement().asInstanceOf(
                org.assertj.core.api.InstanceOfAssertFactories.MAP).containsEntry("check", "UNKNOWN_CHARACTER")
                .containsEntry("severity", "error");
    }

    @Test
    void validation_says_skipped_and_why_when_switched_off_or_when_the_graph_is_down() {
        validationOn.set(false);
        assertThat(json(get("/graph/validation", token(OWNER, Role.WRITER))))
                .containsEntry("validation", "skipped").doesNotContainKey("findings")
                .extractingByKey("reason").asString().contains("switched off");

        validationOn.set(true);
        graphDown.set(true);
        assertThat(json(get("/graph/validation", token(OWNER, Role.WRITER))))
                .containsEntry("validation", "skipped").extractingByKey("reason").asString().contains("unavailable");
    }

    @Test
    void search_answers_the_closest_passages_of_the_sessions_own_branch() {
        Response response = API.target(path("/search")).queryParam("q", " drowned letters ").queryParam("limit", 3)
                .queryParam("kind", "seed").request().header("Authorization", "Bearer " + token(OWNER, Role.WRITER)).get();

        assertThat(response.getStatus()).isEqualTo(200);
        Map<String, Object> body = json(response);
        assertThat(body).containsEntry("search", "found");
        assertThat(body.get("results")).asList().singleElement().asInstanceOf(
                org.assertj.core.api.InstanceOfAssertFactories.MAP).containsEntry("id", SESSION + ":seed")
                .containsEntry("kind", "seed").containsEntry("similarity", 0.83);
        assertThat(lastQuery.get().text()).isEqualTo("drowned letters");
        assertThat(lastQuery.get().branch()).contains(SESSION);
        assertThat(lastQuery.get().kinds()).containsExactly("seed");
        assertThat(lastQuery.get().limit()).isEqualTo(3);
    }

    @Test
    void search_with_vector_search_switched_off_is_skipped_not_failed() {
        searchOn.set(false);

        Response response = API.target(path("/search")).queryParam("q", "letters").request()
                .header("Authorization", "Bearer " + token(OWNER, Role.WRITER)).get();

        assertThat(response.getStatus()).isEqualTo(200);
        assertThat(json(response)).containsEntry("search", "skipped").containsEntry("results", List.of());
    }

    @Test
    void bad_search_parameters_are_problems_naming_the_parameter() {
        String owner = token(OWNER, Role.WRITER);
        for (Invocation.Builder bad : List.of(
                API.target(path("/search")).request(),
                API.target(path("/search")).queryParam("q", "  ").request(),
                API.target(path("/search")).queryParam("q", "x".repeat(501)).request(),
                API.target(path("/search")).queryParam("q", "letters").queryParam("limit", 0).request(),
                API.target(path("/search")).queryParam("q", "letters").queryParam("limit", 21).request(),
                API.target(path("/search")).queryParam("q", "letters").queryParam("kind", "Not A Kind").request())) {
            Response response = bad.header("Authorization", "Bearer " + owner).get();
            assertThat(response.getStatus()).isBetween(400, 422);
            assertThat(response.getMediaType().toString()).isEqualTo("application/problem+json");
            assertThat(json(response)).containsKey("errors");
        }
    }

    @Test
    void anonymous_callers_get_401_and_other_writers_404_as_if_the_session_did_not_exist() {
        for (String route : List.of("/graph/validation", "/search?q=letters")) {
            assertThat(get(route, null).getStatus()).as(route + " anonymous").isEqualTo(401);
            Response other = get(route, token(OTHER, Role.WRITER));
            assertThat(other.getStatus()).as(route + " other writer").isEqualTo(404);
            assertThat(other.getMediaType().toString()).isEqualTo("application/problem+json");
            assertThat(get(route, token(OTHER, Role.ADMIN)).getStatus()).as(route + " admin").isEqualTo(404);
            assertThat(get(route, token(OWNER, Role.WRITER)).getStatus()).as(route + " owner").isEqualTo(200);
        }
    }

    @Test
    void a_session_id_that_is_not_an_id_is_not_found() {
        Response response = API.target("/api/v1/genesis/sessions/not-an-id/graph/validation").request()
                .header("Authorization", "Bearer " + token(OWNER, Role.WRITER)).get();

        assertThat(response.getStatus()).isEqualTo(404);
        assertThat(response.getMediaType().toString()).isEqualTo("application/problem+json");
    }

    private static ExploreStory explore() {
        SessionRecord record = new SessionRecord(SESSION, NOVEL, OWNER, SessionStatus.ACTIVE, Stage.WORLD,
                stages(), 7, 7, 0);
        SessionStore store = (SessionStore) Proxy.newProxyInstance(SessionStore.class.getClassLoader(),
                new Class<?>[] {SessionStore.class}, (proxy, method, args) -> {
                    if (method.getName().equals("find")) {
                        return args[0].equals(SESSION) ? Optional.of(record) : Optional.empty();
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
        SessionStores stores = (SessionStores) Proxy.newProxyInstance(SessionStores.class.getClassLoader(),
                new Class<?>[] {SessionStores.class}, (proxy, method, args) -> {
                    if (method.getName().equals("sessions")) {
                        return store;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
        SessionQueries queries = new SessionQueries(new io.fabula.application.port.out.UnitOfWork() {
            @Override
            public <T> T transact(Work<T> work) {
                return work.run(stores);
            }
        });
        return new ExploreStory(queries, new ValidateStoryGraph(GRAPH, validationOn::get),
                new RecallPassages(MEMORY, searchOn::get));
    }

    private static Map<Stage, StageState> stages() {
        Map<Stage, StageState> stages = new EnumMap<>(Stage.class);
        for (Stage stage : Stage.values()) {
            stages.put(stage, stage.index() < Stage.WORLD.index() ? StageState.LOCKED
                    : stage == Stage.WORLD ? StageState.AWAITING_REVIEW : StageState.NOT_STARTED);
        }
        return stages;
    }

    private static String path(String route) {
        return "/api/v1/genesis/sessions/" + SESSION + route;
    }

    private static Response get(String route, String token) {
        String[] parts = route.split("\\?q=");
        var target = API.target(path(parts[0]));
        if (parts.length > 1) {
            target = target.queryParam("q", parts[1]);
        }
        Invocation.Builder request = target.request();
        if (token != null) {
            request = request.header("Authorization", "Bearer " + token);
        }
        return request.get();
    }

    private static String token(UserId user, Role role) {
        return TOKENS.issue(new Identity(user, role), CLOCK.instant()).token();
    }

    private static Map<String, Object> json(Response response) {
        return response.readEntity(new GenericType<>() {
        });
    }
}
