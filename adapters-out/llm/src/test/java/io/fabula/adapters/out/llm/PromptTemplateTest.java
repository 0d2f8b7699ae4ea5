package io.fabula.adapters.out.llm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabula.application.agent.Prompt;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PromptTemplateTest {

    private static final PromptTemplate TEMPLATE = PromptTemplate.parse("test.txt", """
            # a comment for the template's editors
            === system ===
            Write in {{language}}.
            === user ===
            Seed: {{seed}}

            {{#graph_facts}}
            Facts:
            {{graph_facts}}
            {{/graph_facts}}

            Go.
            """);

    @Test
    void fills_the_slots_of_both_parts_and_keeps_the_comment_out() {
        Prompt prompt = TEMPLATE.render(Map.of("language", "English", "seed", "a door in the sea", "graph_facts", "c1 lives in l2"));

        assertThat(prompt.system()).isEqualTo("Write in English.");
        assertThat(prompt.user()).isEqualTo("Seed: a door in the sea\n\nFacts:\nc1 lives in l2\n\nGo.");
    }

    @Test
    void drops_an_optional_section_whose_slot_is_blank_or_absent() {
        Prompt absent = TEMPLATE.render(Map.of("language", "English", "seed", "a door"));
        Prompt blank = TEMPLATE.render(Map.of("language", "English", "seed", "a door", "graph_facts", "  "));

        assertThat(absent.user()).isEqualTo("Seed: a door\n\nGo.").isEqualTo(blank.user());
    }

    @Test
    void a_missing_required_slot_names_itself_and_the_template() {
        assertThatThrownBy(() -> TEMPLATE.render(Map.of("language", "English")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("{{seed}}").hasMessageContaining("test.txt");
    }

    @Test
    void values_are_inserted_verbatim_even_with_template_or_regex_characters() {
        Prompt prompt = TEMPLATE.render(Map.of("language", "English", "seed", "costs $5 {{graph_facts}} \\o/"));

        assertThat(prompt.user()).startsWith("Seed: costs $5 {{graph_facts}} \\o/");
    }

    @Test
    void a_template_without_both_parts_is_refused() {
        assertThatThrownBy(() -> PromptTemplate.parse("broken.txt", "=== user ===\nhello"))
                .hasMessageContaining("broken.txt");
    }
}
