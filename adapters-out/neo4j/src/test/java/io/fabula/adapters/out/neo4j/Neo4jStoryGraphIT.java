package io.fabula.adapters.out.neo4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.fabula.application.story.ConsistencyCheck;
import io.fabula.application.story.ConsistencyReport;
import io.fabula.application.story.Finding;
import io.fabula.application.story.Severity;
import io.fabula.application.story.StoryBranch;
import io.fabula.domain.event.DomainEvent;
import io.fabula.domain.event.EventType;
import io.fabula.domain.quality.QualityConfig;
import io.fabula.domain.stage.Stage;
import io.fabula.infra.Endpoints;
import io.fabula.testsupport.Server;
import io.fabula.testsupport.WithInfra;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.neo4j.driver.AuthTokens;
import org.neo4j.driver.Driver;
import org.neo4j.driver.GraphDatabase;

@WithInfra(Server.NEO4J)
class Neo4jStoryGraphIT {
    private static Driver driver;
    private static Neo4jStoryGraph graph;

    @BeforeAll
    static void connect(Endpoints.Neo4j neo4j) {
        driver = GraphDatabase.driver(neo4j.boltUri(), AuthTokens.none());
        graph = new Neo4jStoryGraph(driver);
        graph.ensureSchema();
    }

    @AfterAll
    static void close() {
        driver.close();
    }

    private static void replay(StoryEvents story) {
        story.events.forEach(graph::project);
    }

    /** Every node and relation of a branch, as sorted text: two equal dumps are the same graph. */
    private static List<String> dump(StoryBranch branch) {
        Map<String, Object> params = Map.of("branch", branch.sessionId().toString());
        List<String> nodes = driver.executableQuery(
                        "MATCH (n) WHERE n.branch = $branch RETURN labels(n) AS labels, properties(n) AS properties")
                .withParameters(params).execute().records().stream()
                .map(r -> r.get("labels").asList(org.neo4j.driver.Value::asString).stream().sorted().toList()
                        + " " + new java.util.TreeMap<>(r.get("properties").asMap()))
                .sorted().toList();
        List<String> relations = driver.executableQuery("""
                        MATCH (a)-[r]->(b) WHERE a.branch = $branch
                        RETURN a.uid AS a, type(r) AS type, properties(r) AS properties, b.uid AS b
                        """)
                .withParameters(params).execute().records().stream()
                .map(r -> r.get("a").asString() + " -" + r.get("type").asString()
                        + new java.util.TreeMap<>(r.get("properties").asMap()) + "-> " + r.get("b").asString())
                .sorted().toList();
        return java.util.stream.Stream.concat(nodes.stream(), relations.stream()).toList();
    }

    @Test
    void replaying_the_same_events_twice_yields_the_same_graph() {
        StoryEvents story = StoryEvents.aCleanNovel()
                .add(EventType.WORLD_UPDATED, Stage.WORLD, """
                        {"world_rules": [
                           {"id": "r-tide", "statement": "the sea returns what it takes", "forbids": ["flight"], "conflicts_with": ["r-storm"]}]}
                        """);
        replay(story);
        List<String> once = dump(story.branch);
        replay(story);
        List<String> twice = dump(story.branch);

        assertThat(twice).isEqualTo(once);
        assertThat(once).anyMatch(line -> line.contains("-RELATES_TO{strength=0.9, type=sibling}->"));
        assertThat(once).filteredOn(line -> line.contains("Character")).hasSize(2);
        assertThat(once).filteredOn(line -> line.contains("PlotNode") && line.contains("defined=true")).hasSize(3);
        assertThat(once).as("World.Updated replaced the rules: r-light is gone, r-storm a placeholder")
                .noneMatch(line -> line.contains("id=r-light"))
                .anyMatch(line -> line.contains("id=r-storm") && line.contains("defined=false"));
    }

    @Test
    void the_eight_character_dimensions_are_stored_on_the_character() {
        StoryEvents story = StoryEvents.aCleanNovel();
        replay(story);

        var row = driver.executableQuery("MATCH (c:Character {branch: $branch, id: 'c-mira'}) RETURN c")
                .withParameters(Map.of("branch", story.branch.sessionId().toString())).execute().records().get(0).get("c");
        assertThat(row.asMap()).containsEntry("appearance", "salt-grey hair").containsEntry("personality", "stubborn")
                .containsEntry("background", "keeper's daughter").containsEntry("motivation", "find her brother")
                .containsEntry("goal", "raise the city").containsEntry("obstacle", "the tide")
                .containsEntry("arc", "from grief to acceptance").containsEntry("secret", "she drowned him");
    }

    @Test
    void a_clean_novel_has_no_findings() {
        StoryEvents story = StoryEvents.aCleanNovel();
        replay(story);

        ConsistencyReport report = graph.validate(story.branch);

        assertThat(report.findings()).isEmpty();
        assertThat(report.penalty(QualityConfig.defaults())).isZero();
    }

    @Test
    void branches_keep_separate_graphs() {
        StoryEvents clean = StoryEvents.aCleanNovel();
        StoryEvents broken = StoryEvents.aNewNovel().plotNode("""
                {"id": "p-x", "title": "A stranger", "characters": ["Nobody"]}
                """);
        replay(clean);
        replay(broken);

        assertThat(graph.validate(clean.branch).findings()).isEmpty();
        assertThat(graph.validate(broken.branch).findings()).extracting(Finding::check)
                .containsExactly(ConsistencyCheck.UNKNOWN_CHARACTER);
    }

    private static List<Finding> findingsAfter(StoryEvents story) {
        replay(story);
        return graph.validate(story.branch).findings();
    }

    @Test
    void finds_two_rules_where_one_requires_what_the_other_forbids_in_the_same_place() {
        List<Finding> findings = findingsAfter(StoryEvents.aCleanNovel().add(EventType.WORLD_UPDATED, Stage.WORLD, """
                {"world_rules": [
                   {"id": "r-tide", "requires": ["memory", "salt"], "governs": ["l-harbour"]},
                   {"id": "r-light", "requires": ["truth"], "governs": ["l-lighthouse"]},
                   {"id": "r-fresh", "forbids": ["salt"], "governs": ["l-harbour"]}]}
                """));

        assertThat(findings).as(findings.toString()).extracting(Finding::check, Finding::refs)
                .containsExactly(tuple(ConsistencyCheck.CONFLICTING_RULES, List.of("r-fresh", "r-tide")));
        assertThat(findings.get(0).severity()).isEqualTo(Severity.ERROR);
    }

    @Test
    void rules_of_different_places_do_not_conflict() {
        List<Finding> findings = findingsAfter(StoryEvents.aCleanNovel().add(EventType.WORLD_UPDATED, Stage.WORLD, """
                {"world_rules": [
                   {"id": "r-tide", "requires": ["salt"], "governs": ["l-harbour"]},
                   {"id": "r-fresh", "forbids": ["salt"], "governs": ["l-lighthouse"]}]}
                """));

        assertThat(findings).isEmpty();
    }

    @Test
    void finds_a_character_breaking_a_rule_of_their_place() {
        List<Finding> findings = findingsAfter(StoryEvents.aCleanNovel().add(EventType.CHARACTER_UPDATED, Stage.CHARACTERS, """
                {"characters": [
                   {"id": "c-mira", "name": "Mira", "location": "l-lighthouse", "tags": ["Lying"],
                    "relations": [{"to": "c-oren", "type": "sibling", "strength": 0.9}]},
                   {"id": "c-oren", "name": "Oren", "location": "l-harbour", "relations": [{"to": "c-mira", "type": "sibling"}]}]}
                """));

        assertThat(findings).extracting(Finding::check, Finding::refs)
                .containsExactly(tuple(ConsistencyCheck.CHARACTER_BREAKS_RULE, List.of("c-mira", "r-light")));
    }

    @Test
    void finds_a_plot_node_breaking_a_global_rule() {
        List<Finding> findings = findingsAfter(StoryEvents.aCleanNovel()
                .add(EventType.WORLD_UPDATED, Stage.WORLD, """
                        {"world_rules": [
                           {"id": "r-tide", "requires": ["memory"], "forbids": ["flight"], "governs": ["l-harbour"]},
                           {"id": "r-light", "requires": ["truth"], "forbids": ["lying"], "governs": ["l-lighthouse"]},
                           {"id": "r-dead", "statement": "the dead stay dead", "forbids": ["resurrection"]}]}
                        """)
                .plotNode("""
                        {"id": "p-3", "title": "Oren rises", "characters": ["Oren"], "location": "l-harbour", "tags": ["resurrection"]}
                        """)
                .plotNode("""
                        {"id": "p-2", "title": "The tide returns Oren", "characters": ["Oren"], "location": "l-harbour", "next": ["p-3"]}
                        """));

        assertThat(findings).extracting(Finding::check, Finding::refs)
                .containsExactly(tuple(ConsistencyCheck.PLOT_NODE_BREAKS_RULE, List.of("p-3", "r-dead")));
    }

    @Test
    void finds_a_plot_node_naming_an_unknown_character() {
        List<Finding> findings = findingsAfter(StoryEvents.aCleanNovel().plotNode("""
                {"id": "p-3", "title": "Mira confesses", "characters": ["Mira", "The Stranger"], "location": "l-lighthouse"}
                """));

        assertThat(findings).extracting(Finding::check, Finding::refs)
                .containsExactly(tuple(ConsistencyCheck.UNKNOWN_CHARACTER, List.of("The Stranger", "p-3")));
    }

    @Test
    void finds_a_cycle_in_the_plot_once() {
        List<Finding> findings = findingsAfter(StoryEvents.aCleanNovel().plotNode("""
                {"id": "p-3", "title": "Mira confesses", "characters": ["Mira"], "location": "l-lighthouse", "next": ["p-1"]}
                """));

        assertThat(findings).extracting(Finding::check, Finding::refs)
                .containsExactly(tuple(ConsistencyCheck.NEXT_CYCLE, List.of("p-1", "p-2", "p-3")));
    }

    @Test
    void finds_orphans_and_a_dangling_next_with_their_severities_and_penalty() {
        StoryEvents story = StoryEvents.aCleanNovel()
                .add(EventType.WORLD_UPDATED, Stage.WORLD, """
                        {"locations": [
                           {"id": "l-harbour", "name": "The Harbour"}, {"id": "l-lighthouse", "name": "The Lighthouse"},
                           {"id": "l-caves", "name": "The Caves"}],
                         "world_rules": [
                           {"id": "r-tide", "requires": ["memory"], "governs": ["l-harbour"]},
                           {"id": "r-light", "requires": ["truth"], "governs": ["l-lighthouse"]}]}
                        """)
                .add(EventType.CHARACTER_UPDATED, Stage.CHARACTERS, """
                        {"characters": [
                           {"id": "c-mira", "name": "Mira", "relations": [{"to": "c-oren", "type": "sibling"}]},
                           {"id": "c-oren", "name": "Oren"},
                           {"id": "c-hermit", "name": "The Hermit"}]}
                        """)
                .plotNode("""
                        {"id": "p-9", "title": "An aside", "characters": ["Mira"]}
                        """)
                .plotNode("""
                        {"id": "p-3", "title": "Mira confesses", "characters": ["Mira"], "next": ["p-4"]}
                        """);
        replay(story);

        ConsistencyReport report = graph.validate(story.branch);

        assertThat(report.findings()).extracting(Finding::check, Finding::refs).containsExactly(
                tuple(ConsistencyCheck.DANGLING_NEXT, List.of("p-3", "p-4")),
                tuple(ConsistencyCheck.ORPHAN_PLOT_NODE, List.of("p-9")),
                tuple(ConsistencyCheck.ORPHAN_CHARACTER, List.of("c-hermit")),
                tuple(ConsistencyCheck.ORPHAN_LOCATION, List.of("l-caves")));
        assertThat(report.penalty(QualityConfig.defaults())).isCloseTo(1.0 + 1.0 + 0.3 + 0.3, org.assertj.core.data.Offset.offset(1e-9));
    }

    @Test
    void reopening_a_stage_discards_the_graph_of_the_stages_after_it() {
        StoryEvents story = StoryEvents.aCleanNovel().add(EventType.STAGE_REOPENED, Stage.WORLD, null);
        replay(story);

        List<String> graphAfter = dump(story.branch);
        assertThat(graphAfter).noneMatch(line -> line.contains("Character") || line.contains("PlotNode"));
        assertThat(graphAfter).anyMatch(line -> line.contains("WorldRule"));
    }

    @Test
    void prose_content_leaves_the_graph_alone() {
        StoryEvents story = StoryEvents.aCleanNovel().add(EventType.WORLD_UPDATED, Stage.WORLD, "{ a brace, then prose");
        replay(story);

        assertThat(graph.validate(story.branch).findings()).isEmpty();
        assertThat(dump(story.branch)).anyMatch(line -> line.contains("id=r-light"));
    }

}
