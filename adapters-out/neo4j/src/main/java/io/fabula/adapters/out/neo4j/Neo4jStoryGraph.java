package io.fabula.adapters.out.neo4j;

import io.fabula.adapters.out.neo4j.StoryContent.Element;
import io.fabula.adapters.out.neo4j.StoryContent.Kind;
import io.fabula.adapters.out.neo4j.StoryContent.Link;
import io.fabula.application.story.ConsistencyCheck;
import io.fabula.application.story.ConsistencyReport;
import io.fabula.application.story.Finding;
import io.fabula.application.story.StoryBranch;
import io.fabula.application.story.StoryGraph;
import io.fabula.domain.event.DomainEvent;
import io.fabula.domain.event.EventPayload;
import io.fabula.domain.stage.Stage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.neo4j.driver.Driver;
import org.neo4j.driver.Record;
import org.neo4j.driver.Session;
import org.neo4j.driver.TransactionContext;
import org.neo4j.driver.Value;

/**
 * The story graph on Neo4j 5 (SPEC §5), projected from domain events with idempotent {@code MERGE}s.
 *
 * <p>Every story node has the label {@code StoryElement} plus its kind's label, a {@code uid} of
 * {@code <branch>/<kind>/<id>} (unique, so MERGE finds it) and the {@code branch} (session id) and
 * {@code novel_id} it belongs to. A node named by a relation before it is defined (a plot node's NEXT to a
 * plot node still to come) exists as a placeholder with {@code defined = false} until its definition
 * arrives. All values are bound as parameters; the only strings spliced into Cypher are the labels and
 * relation types of {@link Kind} and {@link Link}, which are constants of this class.
 */
public final class Neo4jStoryGraph implements StoryGraph {
    private static final List<String> SCHEMA = List.of(
            "CREATE CONSTRAINT story_novel_uid IF NOT EXISTS FOR (n:Novel) REQUIRE n.uid IS UNIQUE",
            "CREATE CONSTRAINT story_element_uid IF NOT EXISTS FOR (n:StoryElement) REQUIRE n.uid IS UNIQUE",
            "CREATE INDEX story_element_branch IF NOT EXISTS FOR (n:StoryElement) ON (n.branch)",
            "CREATE INDEX story_character_branch IF NOT EXISTS FOR (n:Character) ON (n.branch)",
            "CREATE INDEX story_rule_branch IF NOT EXISTS FOR (n:WorldRule) ON (n.branch)",
            "CREATE INDEX story_location_branch IF NOT EXISTS FOR (n:Location) ON (n.branch)",
            "CREATE INDEX story_plot_branch IF NOT EXISTS FOR (n:PlotNode) ON (n.branch)");

    private final Driver driver;
    private volatile boolean schemaReady;

    public Neo4jStoryGraph(Driver driver) {
        this.driver = Objects.requireNonNull(driver, "driver");
    }

    /**
     * Creates the constraints and indexes if they do not exist. Called at start; {@link #project} and
     * {@link #validate} call it too, so a graph that was down at start is prepared once it answers.
     */
    public void ensureSchema() {
        if (schemaReady) {
            return;
        }
        synchronized (this) {
            if (!schemaReady) {
                try (Session session = driver.session()) {
                    SCHEMA.forEach(statement -> session.run(statement).consume());
                }
                schemaReady = true;
            }
        }
    }

    @Override
    public void project(DomainEvent event) {
        EventPayload payload = event.payload();
        StoryBranch branch = new StoryBranch(payload.novelId(), event.aggregateId());
        Optional<StoryContent> content;
        boolean replaces;
        switch (event.type()) {
            case STARTED -> {
                content = Optional.empty();
                replaces = false;
            }
            case WORLD_CREATED, WORLD_UPDATED, CHARACTER_CREATED, CHARACTER_UPDATED, PLOT_CREATED,
                    DETAILS_COMPLETED -> {
                content = StoryContent.parse(payload.content());
                replaces = true;
                if (content.isEmpty()) {
                    return;
                }
            }
            case PLOT_NODE_CREATED -> {
                content = StoryContent.parsePlotNode(payload.content());
                replaces = false;
                if (content.isEmpty()) {
                    return;
                }
            }
            case STAGE_REOPENED -> {
                ensureSchema();
                write(tx -> discardStagesAfter(tx, branch, payload.stage()));
                return;
            }
            default -> {
                return;
            }
        }
        ensureSchema();
        write(tx -> {
            mergeNovel(tx, branch);
            content.ifPresent(story -> apply(tx, branch, payload.stage(), story, replaces));
        });
    }

    private void write(java.util.function.Consumer<TransactionContext> work) {
        try (Session session = driver.session()) {
            session.executeWrite(tx -> {
                work.accept(tx);
                return null;
            });
        }
    }

    private static void mergeNovel(TransactionContext tx, StoryBranch branch) {
        tx.run("""
                MERGE (n:Novel {uid: $uid})
                SET n.novel_id = $novel, n.branch = $branch
                """, Map.of("uid", novelUid(branch), "novel", branch.novelId().toString(),
                "branch", branch.sessionId().toString())).consume();
    }

    private static void apply(TransactionContext tx, StoryBranch branch, Stage stage, StoryContent story, boolean replaces) {
        String branchId = branch.sessionId().toString();
        // a proposal is the whole artifact of its kinds: what it no longer names leaves the graph
        if (replaces) {
            for (Kind kind : story.elements().keySet()) {
                List<String> kept = story.elements().get(kind).stream().map(e -> uid(branch, kind, e.id())).toList();
                tx.run("MATCH (n:" + kind.label + " {branch: $branch}) WHERE NOT n.uid IN $kept DETACH DELETE n",
                        Map.of("branch", branchId, "kept", kept)).consume();
            }
        }
        List<String> upserted = new ArrayList<>();
        for (Map.Entry<Kind, List<Element>> entry : story.elements().entrySet()) {
            Kind kind = entry.getKey();
            List<Map<String, Object>> rows = new ArrayList<>();
            for (Element element : entry.getValue()) {
                Map<String, Object> properties = new HashMap<>();
                for (String field : kind.texts) {
                    properties.put(field, element.properties().get(field)); // null removes a dropped field
                }
                for (String field : kind.lists) {
                    properties.put(field, element.properties().get(field));
                }
                properties.put("id", element.id());
                properties.put("branch", branchId);
                properties.put("novel_id", branch.novelId().toString());
                properties.put("stage", stage.name());
                properties.put("stage_order", stage.ordinal());
                properties.put("defined", true);
                String uid = uid(branch, kind, element.id());
                upserted.add(uid);
                rows.add(Map.of("uid", uid, "properties", properties));
            }
            tx.run("""
                    MATCH (novel:Novel {uid: $novel})
                    UNWIND $rows AS row
                    MERGE (n:StoryElement {uid: row.uid})
                    SET n:%s
                    SET n = row.properties, n.uid = row.uid
                    MERGE (n)-[:BELONGS_TO]->(novel)
                    """.formatted(kind.label), Map.of("novel", novelUid(branch), "rows", rows)).consume();
        }
        // the upserted elements' outgoing relations are redrawn from this content
        tx.run("""
                UNWIND $uids AS uid
                MATCH (n:StoryElement {uid: uid})-[r:RELATES_TO|GOVERNS|CONFLICTS_WITH|NEXT]->()
                DELETE r
                """, Map.of("uids", upserted)).consume();
        Map<String, List<Map<String, Object>>> linksByShape = new LinkedHashMap<>();
        for (List<Element> elements : story.elements().values()) {
            for (Element element : elements) {
                for (Link link : element.links()) {
                    Map<String, Object> row = new HashMap<>();
                    row.put("from", uid(branch, element.kind(), element.id()));
                    row.put("to", uid(branch, link.targetKind(), link.targetId()));
                    row.put("toId", link.targetId());
                    row.put("type", link.relationType());
                    row.put("strength", link.strength());
                    linksByShape.computeIfAbsent(link.type() + ":" + link.targetKind().name(), k -> new ArrayList<>()).add(row);
                }
            }
        }
        for (Map.Entry<String, List<Map<String, Object>>> entry : linksByShape.entrySet()) {
            String[] shape = entry.getKey().split(":");
            String relation = shape[0];
            Kind target = Kind.valueOf(shape[1]);
            String merge = relation.equals("RELATES_TO")
                    ? "MERGE (a)-[r:RELATES_TO {type: row.type}]->(b) SET r.strength = row.strength"
                    : "MERGE (a)-[:" + relation + "]->(b)";
            tx.run("""
                    MATCH (novel:Novel {uid: $novel})
                    UNWIND $rows AS row
                    MATCH (a:StoryElement {uid: row.from})
                    MERGE (b:StoryElement {uid: row.to})
                      ON CREATE SET b:%s, b.id = row.toId, b.branch = $branch, b.novel_id = $novelId,
                                    b.stage = $stage, b.stage_order = $order, b.defined = false
                    MERGE (b)-[:BELONGS_TO]->(novel)
                    %s
                    """.formatted(target.label, merge),
                    Map.of("novel", novelUid(branch), "rows", entry.getValue(), "branch", branchId,
                            "novelId", branch.novelId().toString(), "stage", stage.name(), "order", stage.ordinal()))
                    .consume();
        }
    }

    /** {@code StageReopened}: the stages after the reopened one are discarded (docs/events.md), so is their graph. */
    private static void discardStagesAfter(TransactionContext tx, StoryBranch branch, Stage stage) {
        tx.run("MATCH (n:StoryElement {branch: $branch}) WHERE n.stage_order > $order DETACH DELETE n",
                Map.of("branch", branch.sessionId().toString(), "order", stage.ordinal())).consume();
    }

    private static String novelUid(StoryBranch branch) {
        return branch.sessionId() + "/novel";
    }

    private static String uid(StoryBranch branch, Kind kind, String id) {
        return branch.sessionId() + "/" + kind.name().toLowerCase(java.util.Locale.ROOT) + "/" + id;
    }

    // ---------------------------------------------------------------- consistency checks

    @Override
    public ConsistencyReport validate(StoryBranch branch) {
        ensureSchema();
        long started = System.nanoTime();
        Map<String, Object> params = Map.of("branch", branch.sessionId().toString());
        List<Finding> findings = new ArrayList<>();
        try (Session session = driver.session()) {
            session.executeRead(tx -> {
                for (Check check : CHECKS) {
                    Set<String> seen = new LinkedHashSet<>();
                    for (Record row : tx.run(check.cypher, params).list()) {
                        Finding finding = check.finding(row);
                        // pairs and cycles come back once per member: report each set of elements once
                        if (seen.add(String.join(",", new TreeSet<>(finding.refs())))) {
                            findings.add(finding);
                        }
                    }
                }
                return null;
            });
        }
        return new ConsistencyReport(branch, findings, Duration.ofNanos(System.nanoTime() - started));
    }

    interface FindingMapper {
        Finding map(Record row);
    }

    record Check(String cypher, FindingMapper mapper) {
        Finding finding(Record row) {
            return mapper.map(row);
        }
    }

    private static List<String> strings(Value value) {
        return value.asList(Value::asString);
    }

    static final List<Check> CHECKS = List.of(
            new Check("""
                    MATCH (b:WorldRule {branch: $branch, defined: true})
                    UNWIND coalesce(b.forbids, []) AS word
                    WITH collect({word: word, rule: b}) AS forbidden
                    MATCH (a:WorldRule {branch: $branch, defined: true})
                    UNWIND coalesce(a.requires, []) AS need
                    UNWIND [f IN forbidden WHERE f.word = need AND f.rule <> a] AS hit
                    WITH a, hit.rule AS b, collect(need) AS clash
                    WHERE (NOT EXISTS { (a)-[:GOVERNS]->() } OR NOT EXISTS { (b)-[:GOVERNS]->() }
                           OR EXISTS { (a)-[:GOVERNS]->(:Location)<-[:GOVERNS]-(b) })
                    RETURN a.id AS a, b.id AS b, clash
                    """, row -> new Finding(ConsistencyCheck.CONFLICTING_RULES,
                    List.of(row.get("a").asString(), row.get("b").asString()),
                    "rule " + row.get("a").asString() + " requires " + strings(row.get("clash"))
                            + ", which rule " + row.get("b").asString() + " forbids where both apply")),
            new Check("""
                    MATCH (a:WorldRule {branch: $branch})-[:CONFLICTS_WITH]->(b:WorldRule)
                    RETURN a.id AS a, b.id AS b
                    """, row -> new Finding(ConsistencyCheck.DECLARED_RULE_CONFLICT,
                    List.of(row.get("a").asString(), row.get("b").asString()),
                    "rules " + row.get("a").asString() + " and " + row.get("b").asString() + " are marked as conflicting")),
            new Check("""
                    MATCH (r:WorldRule {branch: $branch, defined: true})
                    UNWIND coalesce(r.forbids, []) AS word
                    WITH collect({word: word, rule: r}) AS forbidden
                    MATCH (c:Character {branch: $branch, defined: true})
                    UNWIND coalesce(c.tags, []) AS tag
                    UNWIND [f IN forbidden WHERE f.word = tag] AS hit
                    WITH hit.rule AS r, c, collect(tag) AS broken
                    WHERE NOT EXISTS { (r)-[:GOVERNS]->() } OR EXISTS { (r)-[:GOVERNS]->(l:Location) WHERE l.id = c.location }
                    RETURN r.id AS rule, c.id AS element, broken
                    """, row -> new Finding(ConsistencyCheck.CHARACTER_BREAKS_RULE,
                    List.of(row.get("rule").asString(), row.get("element").asString()),
                    "character " + row.get("element").asString() + " is " + strings(row.get("broken"))
                            + ", which rule " + row.get("rule").asString() + " forbids")),
            new Check("""
                    MATCH (r:WorldRule {branch: $branch, defined: true})
                    UNWIND coalesce(r.forbids, []) AS word
                    WITH collect({word: word, rule: r}) AS forbidden
                    MATCH (p:PlotNode {branch: $branch, defined: true})
                    UNWIND coalesce(p.tags, []) AS tag
                    UNWIND [f IN forbidden WHERE f.word = tag] AS hit
                    WITH hit.rule AS r, p, collect(tag) AS broken
                    WHERE NOT EXISTS { (r)-[:GOVERNS]->() } OR EXISTS { (r)-[:GOVERNS]->(l:Location) WHERE l.id = p.location }
                    RETURN r.id AS rule, p.id AS element, broken
                    """, row -> new Finding(ConsistencyCheck.PLOT_NODE_BREAKS_RULE,
                    List.of(row.get("rule").asString(), row.get("element").asString()),
                    "plot node " + row.get("element").asString() + " involves " + strings(row.get("broken"))
                            + ", which rule " + row.get("rule").asString() + " forbids")),
            new Check("""
                    OPTIONAL MATCH (c:Character {branch: $branch, defined: true})
                    WITH collect(c.id) AS ids, collect(toLower(c.name)) AS names
                    MATCH (p:PlotNode {branch: $branch, defined: true})
                    UNWIND coalesce(p.characters, []) AS named
                    WITH p, named, ids, names
                    WHERE NOT named IN ids AND NOT toLower(named) IN names
                    RETURN p.id AS plot, named
                    """, row -> new Finding(ConsistencyCheck.UNKNOWN_CHARACTER,
                    List.of(row.get("plot").asString(), row.get("named").asString()),
                    "plot node " + row.get("plot").asString() + " names " + row.get("named").asString()
                            + ", who is not a character of the story")),
            new Check("""
                    MATCH path = (p:PlotNode {branch: $branch})-[:NEXT*1..]->(p)
                    RETURN [n IN nodes(path) | n.id] AS ids
                    """, row -> {
                List<String> ids = new ArrayList<>(new TreeSet<>(strings(row.get("ids"))));
                return new Finding(ConsistencyCheck.NEXT_CYCLE, ids,
                        "the plot loops back on itself through " + String.join(" -> ", strings(row.get("ids"))));
            }),
            new Check("""
                    MATCH (p:PlotNode {branch: $branch, defined: true})-[:NEXT]->(q:PlotNode {defined: false})
                    RETURN p.id AS plot, q.id AS missing
                    """, row -> new Finding(ConsistencyCheck.DANGLING_NEXT,
                    List.of(row.get("plot").asString(), row.get("missing").asString()),
                    "plot node " + row.get("plot").asString() + " leads to " + row.get("missing").asString()
                            + ", which is not defined")),
            new Check("""
                    MATCH (p:PlotNode {branch: $branch, defined: true})
                    WHERE NOT EXISTS { (p)-[:NEXT]-(:PlotNode) }
                      AND COUNT { (:PlotNode {branch: $branch, defined: true}) } > 1
                    RETURN p.id AS plot
                    """, row -> new Finding(ConsistencyCheck.ORPHAN_PLOT_NODE, List.of(row.get("plot").asString()),
                    "plot node " + row.get("plot").asString() + " is connected to no other plot node")),
            new Check("""
                    OPTIONAL MATCH (p:PlotNode {branch: $branch, defined: true})
                    UNWIND coalesce(p.characters, [null]) AS named
                    WITH collect(DISTINCT named) AS named, collect(DISTINCT toLower(named)) AS lowered
                    MATCH (c:Character {branch: $branch, defined: true})
                    WHERE NOT EXISTS { (c)-[:RELATES_TO]-(:Character) }
                      AND NOT c.id IN named AND NOT coalesce(toLower(c.name), '') IN lowered
                    RETURN c.id AS character
                    """, row -> new Finding(ConsistencyCheck.ORPHAN_CHARACTER, List.of(row.get("character").asString()),
                    "character " + row.get("character").asString() + " relates to no one and appears in no plot node")),
            new Check("""
                    MATCH (l:Location {branch: $branch, defined: true})
                    WHERE NOT EXISTS { (:WorldRule)-[:GOVERNS]->(l) }
                      AND NOT EXISTS { MATCH (x:StoryElement {branch: $branch, defined: true}) WHERE x.location = l.id }
                    RETURN l.id AS location
                    """, row -> new Finding(ConsistencyCheck.ORPHAN_LOCATION, List.of(row.get("location").asString()),
                    "location " + row.get("location").asString() + " is governed by no rule and nothing happens there")));
}
