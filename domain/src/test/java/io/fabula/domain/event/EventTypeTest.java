package io.fabula.domain.event;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

class EventTypeTest {

    @Test
    void the_names_of_the_design_are_kept_verbatim() {
        assertThat(Arrays.stream(EventType.values()).map(EventType::typeName)).contains(
                "Genesis.Session.Started", "Genesis.Session.SeedRequested", "Genesis.Session.ConceptProposed",
                "Genesis.Session.ConceptConfirmed", "Genesis.Session.StageCompleted",
                "Genesis.Session.Theme.Requested", "Genesis.Session.Theme.Proposed", "Genesis.Session.Theme.Revised",
                "Genesis.Session.Theme.Confirmed", "Genesis.Session.World.Created", "Genesis.Session.World.Updated",
                "Genesis.Session.World.ValidationCompleted", "Genesis.Session.Character.Created",
                "Genesis.Session.Character.Updated", "Genesis.Session.CharacterNetwork.Created",
                "Genesis.Session.Plot.Created", "Genesis.Session.Plot.NodeCreated",
                "Genesis.Session.Details.Requested", "Genesis.Session.Details.Completed",
                "Genesis.Session.Finished", "Genesis.Session.Failed", "Genesis.Session.BranchCreated",
                "Genesis.Session.Paused", "Genesis.Session.Resumed", "Genesis.Session.Abandoned");
    }

    @ParameterizedTest
    @EnumSource(EventType.class)
    void every_type_is_found_by_its_full_name_and_follows_the_scheme(EventType type) {
        assertThat(EventType.fromTypeName(type.typeName())).contains(type);
        assertThat(type.typeName()).matches("Genesis\\.Session\\.[A-Z][A-Za-z]+(\\.[A-Z][A-Za-z]+)?");
        assertThat(type).hasToString(type.typeName());
    }

    @Test
    void an_unknown_name_is_not_a_type() {
        assertThat(EventType.fromTypeName("Genesis.Session.Exploded")).isEmpty();
        assertThat(EventType.fromTypeName("THEME_PROPOSED")).isEmpty();
    }

    @Test
    void requests_to_capabilities_and_internal_facts_are_not_pushed_to_the_writer() {
        assertThat(EventType.STARTED.writerFacing()).isTrue();
        assertThat(EventType.THEME_PROPOSED.writerFacing()).isTrue();
        assertThat(EventType.WORLD_UPDATED.writerFacing()).isTrue();
        assertThat(EventType.FINISHED.writerFacing()).isTrue();
        assertThat(EventType.FAILED.writerFacing()).isTrue();
        assertThat(EventType.THEME_REQUESTED.writerFacing()).isFalse();
        assertThat(EventType.SEED_REQUESTED.writerFacing()).isFalse();
        assertThat(EventType.PLOT_NODE_CREATED.writerFacing()).isFalse();
        assertThat(EventType.REGENERATION_REQUESTED.writerFacing()).isFalse();
    }
}
