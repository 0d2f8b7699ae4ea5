package io.fabula.adapters.out.neo4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabula.adapters.out.neo4j.StoryContent.Kind;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class StoryContentTest {

    @ParameterizedTest
    @ValueSource(strings = {"A drowned city.", "{ a brace, then prose", "{\"text\": \"only prose\"}", "[1, 2]", "  "})
    void prose_and_json_without_story_keys_carry_no_structure(String content) {
        assertThat(StoryContent.parse(content)).isEmpty();
    }

    @Test
    void null_content_carries_no_structure() {
        assertThat(StoryContent.parse(null)).isEmpty();
        assertThat(StoryContent.parsePlotNode(null)).isEmpty();
    }

    @Test
    void reads_every_kind_with_its_fields_and_links() {
        StoryContent content = StoryContent.parse("""
                {"locations": [{"id": "l-1", "name": "Harbour"}],
                 "world_rules": [{"id": "r-1", "forbids": ["Flight"], "governs": ["l-1"], "conflicts_with": ["r-2"]}],
                 "characters": [{"id": "c-1", "name": "Mira", "secret": "she drowned him", "tags": ["Swimmer"],
                                 "relations": [{"to": "c-2", "type": "Sibling", "strength": 0.9}]}],
                 "plot_nodes": [{"id": "p-1", "title": "Dark", "characters": ["Mira"], "next": ["p-2"]}]}
                """).orElseThrow();

        assertThat(content.elements()).containsOnlyKeys(Kind.values());
        StoryContent.Element rule = content.elements().get(Kind.WORLD_RULE).get(0);
        assertThat(rule.properties()).containsEntry("forbids", java.util.List.of("flight"));
        assertThat(rule.links()).extracting(StoryContent.Link::type).containsExactly("GOVERNS", "CONFLICTS_WITH");
        StoryContent.Element mira = content.elements().get(Kind.CHARACTER).get(0);
        assertThat(mira.properties()).containsEntry("secret", "she drowned him").containsEntry("tags", java.util.List.of("swimmer"));
        assertThat(mira.links()).singleElement().satisfies(link -> {
            assertThat(link.relationType()).isEqualTo("sibling");
            assertThat(link.strength()).isEqualTo(0.9);
        });
        assertThat(content.elements().get(Kind.PLOT_NODE).get(0).properties())
                .as("plot node characters keep the names as written").containsEntry("characters", java.util.List.of("Mira"));
    }

    @Test
    void a_plot_node_event_may_carry_a_single_plot_node() {
        StoryContent content = StoryContent.parsePlotNode("""
                {"id": "p-3", "title": "Mira confesses", "characters": ["Mira"], "next": ["p-4"]}
                """).orElseThrow();

        assertThat(content.elements().get(Kind.PLOT_NODE)).singleElement()
                .satisfies(node -> assertThat(node.id()).isEqualTo("p-3"));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"characters\": {\"id\": \"c-1\"}}",
            "{\"characters\": [\"c-1\"]}",
            "{\"characters\": [{\"name\": \"no id\"}]}",
            "{\"characters\": [{\"id\": \"c 1\"}]}",
            "{\"characters\": [{\"id\": \"c-1\"}, {\"id\": \"c-1\"}]}",
            "{\"characters\": [{\"id\": \"c-1\", \"relations\": [{\"to\": \"c-2\", \"strength\": 1.5}]}]}",
            "{\"world_rules\": [{\"id\": \"r-1\", \"forbids\": \"flight\"}]}",
            "{\"world_rules\": [{\"id\": \"r-1\", \"governs\": [\"l 1\"]}]}",
            "{\"plot_nodes\": [{\"id\": \"p-1\", \"next\": [\"\"]}]}"})
    void malformed_structure_is_refused_rather_than_half_applied(String content) {
        assertThatThrownBy(() -> StoryContent.parse(content)).isInstanceOf(IllegalArgumentException.class);
    }
}
