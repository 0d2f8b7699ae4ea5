package io.fabula.application.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabula.application.story.StoryBranch;
import io.fabula.domain.id.NovelId;
import io.fabula.domain.id.SessionId;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class MemoryQueryTest {
    private static final NovelId NOVEL = NovelId.of("01956a1e-0000-7000-8000-0000000000cc");
    private static final StoryBranch BRANCH = new StoryBranch(NOVEL, SessionId.of("01956a1e-0000-7000-8000-000000000001"));

    @ParameterizedTest
    @ValueSource(strings = {"World", "plot node", "kind\"", "a\\b", "", "x or 1==1", "abcdefghijklmnopqrstuvwxyz0123456"})
    void refuses_kinds_that_are_not_lower_snake_case_words(String kind) {
        assertThatThrownBy(() -> new MemoryQuery("text", NOVEL, Optional.empty(), Set.of(kind), 5))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Passage("p-1", BRANCH, kind, "ref", "text"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " p", "p\"1", "p 1", "-p"})
    void refuses_passage_ids_and_refs_outside_the_strict_pattern(String id) {
        assertThatThrownBy(() -> new Passage(id, BRANCH, "world", "ref", "text")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Passage("p-1", BRANCH, "world", id, "text")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void limits_text_and_result_count() {
        assertThatThrownBy(() -> new Passage("p-1", BRANCH, "world", "ref", "x".repeat(Passage.MAX_TEXT + 1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> MemoryQuery.inBranch("text", BRANCH, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> MemoryQuery.inBranch("text", BRANCH, 101)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> MemoryQuery.inBranch(" ", BRANCH, 5)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void a_branch_query_names_the_novel_and_the_branch() {
        MemoryQuery query = MemoryQuery.inBranch("the lantern", BRANCH, 5).ofKinds(Set.of("plot_node"));

        assertThat(query.novelId()).isEqualTo(NOVEL);
        assertThat(query.branch()).contains(BRANCH.sessionId());
        assertThat(query.kinds()).containsExactly("plot_node");
    }
}
