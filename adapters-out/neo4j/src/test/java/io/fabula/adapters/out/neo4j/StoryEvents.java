package io.fabula.adapters.out.neo4j;

import io.fabula.application.story.StoryBranch;
import io.fabula.domain.event.DomainEvent;
import io.fabula.domain.event.EventMetadata;
import io.fabula.domain.event.EventPayload;
import io.fabula.domain.event.EventType;
import io.fabula.domain.id.CausationId;
import io.fabula.domain.id.CorrelationId;
import io.fabula.domain.id.EventId;
import io.fabula.domain.id.NovelId;
import io.fabula.domain.id.SessionId;
import io.fabula.domain.id.UserId;
import io.fabula.domain.stage.Stage;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** The domain events of one branch, numbered in order, as the projection receives them. */
final class StoryEvents {
    private static final UserId WRITER = UserId.of("01956a1e-0000-7000-8000-0000000000aa");

    final StoryBranch branch;
    final List<DomainEvent> events = new ArrayList<>();

    private StoryEvents(StoryBranch branch) {
        this.branch = branch;
    }

    /** A fresh novel and session, so tests sharing one Neo4j do not see each other. */
    static StoryEvents aNewNovel() {
        StoryEvents story = new StoryEvents(new StoryBranch(new NovelId(UUID.randomUUID()), new SessionId(UUID.randomUUID())));
        return story.add(EventType.STARTED, Stage.CONCEPT, "a drowned city that remembers");
    }

    StoryEvents add(EventType type, Stage stage, String content) {
        SessionId session = branch.sessionId();
        events.add(new DomainEvent(new EventId(UUID.randomUUID()), type, session, events.size() + 1L,
                new CorrelationId("corr"), new CausationId("cmd-" + events.size()), Instant.parse("2026-11-23T10:00:00Z"),
                new EventPayload(session, branch.novelId(), WRITER, stage, content, null, Map.of()),
                EventMetadata.current("/fabula/test", null)));
        return this;
    }

    StoryEvents world(String json) {
        return add(EventType.WORLD_CREATED, Stage.WORLD, json);
    }

    StoryEvents characters(String json) {
        return add(EventType.CHARACTER_CREATED, Stage.CHARACTERS, json);
    }

    StoryEvents plot(String json) {
        return add(EventType.PLOT_CREATED, Stage.PLOT, json);
    }

    StoryEvents plotNode(String json) {
        return add(EventType.PLOT_NODE_CREATED, Stage.PLOT, json);
    }

    /** A consistent little novel: every check passes on it. */
    static StoryEvents aCleanNovel() {
        return aNewNovel()
                .world("""
                        {"locations": [
                           {"id": "l-harbour", "name": "The Harbour", "description": "half under water"},
                           {"id": "l-lighthouse", "name": "The Lighthouse", "description": "the last dry tower"}],
                         "world_rules": [
                           {"id": "r-tide", "name": "The tide remembers", "statement": "the sea returns what it takes",
                            "requires": ["memory"], "forbids": ["flight"], "governs": ["l-harbour"]},
                           {"id": "r-light", "name": "The light binds", "statement": "no lie survives the lamp",
                            "requires": ["truth"], "forbids": ["lying"], "governs": ["l-lighthouse"]}]}
                        """)
                .characters("""
                        {"characters": [
                           {"id": "c-mira", "name": "Mira", "appearance": "salt-grey hair", "personality": "stubborn",
                            "background": "keeper's daughter", "motivation": "find her brother", "goal": "raise the city",
                            "obstacle": "the tide", "arc": "from grief to acceptance", "secret": "she drowned him",
                            "location": "l-lighthouse", "tags": ["swimmer"],
                            "relations": [{"to": "c-oren", "type": "sibling", "strength": 0.9}]},
                           {"id": "c-oren", "name": "Oren", "location": "l-harbour", "tags": ["memory"],
                            "relations": [{"to": "c-mira", "type": "sibling", "strength": 0.9}]}]}
                        """)
                .plot("""
                        {"plot_nodes": [
                           {"id": "p-1", "title": "The lamp goes out", "characters": ["c-mira"], "location": "l-lighthouse", "next": ["p-2"]},
                           {"id": "p-2", "title": "The tide returns Oren", "characters": ["Oren", "c-mira"], "location": "l-harbour", "next": ["p-3"]}]}
                        """)
                .plotNode("""
                        {"id": "p-3", "title": "Mira confesses", "characters": ["Mira"], "location": "l-lighthouse"}
                        """);
    }
}
