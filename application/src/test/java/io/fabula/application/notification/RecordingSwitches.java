package io.fabula.application.notification;

import io.fabula.application.switches.Switch;
import io.fabula.application.switches.Switches;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** {@link Switches} in memory: every switch on until set or tripped; trips are recorded with their reasons. */
final class RecordingSwitches implements Switches {
    record Trip(Switch which, String reason) { }

    private final Map<Switch, Boolean> state = new EnumMap<>(Switch.class);
    final List<Trip> trips = new ArrayList<>();

    void set(Switch which, boolean on) {
        state.put(which, on);
    }

    @Override
    public boolean isOn(Switch which) {
        return state.getOrDefault(which, true);
    }

    @Override
    public void trip(Switch which, String reason) {
        trips.add(new Trip(which, reason));
        state.put(which, false);
    }
}
