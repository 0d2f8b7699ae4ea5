package io.fabula.application.switches;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class HotSwitchesTest {
    private final InMemorySwitchStore store = new InMemorySwitchStore();
    private final List<String> broadcasts = new ArrayList<>();
    private final List<String> alarms = new ArrayList<>();

    private HotSwitches switches(Map<Switch, Boolean> fallback) {
        return new HotSwitches(store, (which, on) -> broadcasts.add(which + "=" + on),
                (which, reason) -> alarms.add(which + ": " + reason), fallback);
    }

    @ParameterizedTest
    @EnumSource(Switch.class)
    void every_switch_is_on_when_nothing_is_stored_and_no_fallback_is_set(Switch which) {
        HotSwitches switches = switches(Map.of());
        switches.refresh();
        assertThat(switches.isOn(which)).isTrue();
        assertThat(switches.source()).isEqualTo(HotSwitches.Source.STORE);
    }

    @ParameterizedTest
    @EnumSource(Switch.class)
    void an_operator_change_is_stored_audited_applied_and_broadcast(Switch which) {
        HotSwitches switches = switches(Map.of());
        SwitchChange change = switches.change(which, false, "admin@example.org", "maintenance");

        assertThat(change.changed()).isTrue();
        assertThat(switches.isOn(which)).isFalse();
        assertThat(store.readAll()).containsEntry(which, false);
        assertThat(broadcasts).containsExactly(which + "=false");
        assertThat(switches.audit(10)).singleElement().satisfies(entry -> {
            assertThat(entry.switchName()).isEqualTo(which.name());
            assertThat(entry.newValue()).isFalse();
            assertThat(entry.changedBy()).isEqualTo("admin@example.org");
            assertThat(entry.reason()).isEqualTo("maintenance");
        });
    }

    @Test
    void setting_the_value_a_switch_already_has_is_not_audited_twice_nor_broadcast() {
        HotSwitches switches = switches(Map.of());
        switches.change(Switch.EMAIL_ENABLED, false, "ops", "first");
        SwitchChange again = switches.change(Switch.EMAIL_ENABLED, false, "ops", "second");

        assertThat(again.changed()).isFalse();
        assertThat(switches.audit(10)).hasSize(1);
        assertThat(broadcasts).hasSize(1);
    }

    @Test
    void a_change_made_by_another_process_is_seen_at_the_next_refresh() {
        HotSwitches here = switches(Map.of());
        HotSwitches there = switches(Map.of());
        here.refresh();
        there.change(Switch.VECTOR_SEARCH_ENABLED, false, "ops", "milvus upgrade");

        assertThat(here.isOn(Switch.VECTOR_SEARCH_ENABLED)).isTrue();
        here.refresh();
        assertThat(here.isOn(Switch.VECTOR_SEARCH_ENABLED)).isFalse();
    }

    @Test
    void a_broadcast_change_applies_at_once() {
        HotSwitches switches = switches(Map.of());
        switches.applyBroadcast(Switch.IMMEDIATE_ENABLED, false);
        assertThat(switches.isOn(Switch.IMMEDIATE_ENABLED)).isFalse();
    }

    @Test
    void the_fallback_answers_for_a_switch_without_a_row_and_the_stored_value_wins_over_it() {
        store.set(Switch.LLM_ENABLED, true, "ops", "back on");
        HotSwitches switches = switches(Map.of(Switch.LLM_ENABLED, false, Switch.EMBEDDING_ENABLED, false));
        switches.refresh();

        assertThat(switches.isOn(Switch.LLM_ENABLED)).isTrue();
        assertThat(switches.isOn(Switch.EMBEDDING_ENABLED)).isFalse();
    }

    @Test
    void an_unreachable_store_serves_the_fallback_where_set_and_the_last_known_value_elsewhere() {
        store.set(Switch.GRAPH_VALIDATION_ENABLED, false, "ops", "neo4j migration");
        HotSwitches switches = switches(Map.of(Switch.LLM_ENABLED, false));
        store.set(Switch.LLM_ENABLED, true, "ops", "on");
        switches.refresh();
        assertThat(switches.isOn(Switch.LLM_ENABLED)).isTrue();

        store.reachable(false);
        switches.refresh();

        assertThat(switches.source()).isEqualTo(HotSwitches.Source.FALLBACK);
        assertThat(switches.isOn(Switch.LLM_ENABLED)).isFalse();
        assertThat(switches.isOn(Switch.GRAPH_VALIDATION_ENABLED)).isFalse();
        assertThat(switches.isOn(Switch.EMAIL_ENABLED)).isTrue();
    }

    @Test
    void before_the_store_was_ever_read_the_fallback_applies() {
        store.reachable(false);
        HotSwitches switches = switches(Map.of(Switch.EMAIL_ENABLED, false));
        switches.refresh();
        assertThat(switches.isOn(Switch.EMAIL_ENABLED)).isFalse();
        assertThat(switches.isOn(Switch.LLM_ENABLED)).isTrue();
    }

    @Test
    void an_operator_change_fails_and_changes_nothing_when_the_store_is_unreachable() {
        HotSwitches switches = switches(Map.of());
        store.reachable(false);

        assertThatThrownBy(() -> switches.change(Switch.LLM_ENABLED, false, "ops", "x"))
                .isInstanceOf(SwitchStoreUnavailableException.class);
        assertThat(switches.isOn(Switch.LLM_ENABLED)).isTrue();
        assertThat(broadcasts).isEmpty();
    }

    @Test
    void a_trip_turns_the_switch_off_records_the_reason_as_automatic_broadcasts_and_alarms() {
        HotSwitches switches = switches(Map.of());
        switches.trip(Switch.LLM_ENABLED, "11 LLM 429/5xx in the last hour");

        assertThat(switches.isOn(Switch.LLM_ENABLED)).isFalse();
        assertThat(switches.audit(1)).singleElement().satisfies(entry -> {
            assertThat(entry.changedBy()).isEqualTo(HotSwitches.AUTOMATIC);
            assertThat(entry.reason()).isEqualTo("11 LLM 429/5xx in the last hour");
        });
        assertThat(broadcasts).containsExactly("LLM_ENABLED=false");
        assertThat(alarms).containsExactly("LLM_ENABLED: 11 LLM 429/5xx in the last hour");
    }

    @Test
    void tripping_a_switch_that_is_already_off_does_nothing() {
        HotSwitches switches = switches(Map.of());
        switches.change(Switch.EMAIL_ENABLED, false, "ops", "smtp migration");
        broadcasts.clear();

        switches.trip(Switch.EMAIL_ENABLED, "4 consecutive SMTP failures");

        assertThat(alarms).isEmpty();
        assertThat(broadcasts).isEmpty();
        assertThat(switches.audit(10)).hasSize(1);
    }

    @Test
    void a_trip_still_protects_this_process_and_the_others_when_the_store_is_unreachable() {
        HotSwitches switches = switches(Map.of());
        store.reachable(false);

        switches.trip(Switch.EMAIL_ENABLED, "4 consecutive SMTP failures");

        assertThat(switches.isOn(Switch.EMAIL_ENABLED)).isFalse();
        assertThat(broadcasts).containsExactly("EMAIL_ENABLED=false");
        assertThat(alarms).hasSize(1);
    }

    @Test
    void names_and_values_are_parsed_strictly() {
        assertThat(SwitchValues.parseName("llm_enabled")).isEqualTo(Switch.LLM_ENABLED);
        assertThat(SwitchValues.parseValue("FALSE")).isFalse();
        assertThatThrownBy(() -> SwitchValues.parseName("COFFEE_ENABLED"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("LLM_ENABLED");
        assertThatThrownBy(() -> SwitchValues.parseValue("yes")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SwitchValues.parseValue(null)).isInstanceOf(IllegalArgumentException.class);
    }
}
