package io.fabula.app.wiring;

import io.fabula.application.switches.Switch;
import io.fabula.application.switches.Switches;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The switches as the environment sets them: {@code FABULA_SWITCH_<NAME>=off} (or {@code false}, {@code 0})
 * turns one off, anything else or nothing leaves it on. SPEC §8's fallback when the switch store cannot be
 * read; a trip holds for the life of the process.
 */
public final class EnvironmentSwitches implements Switches {
    private static final Logger LOG = LoggerFactory.getLogger(EnvironmentSwitches.class);

    private final Map<Switch, Boolean> state = new EnumMap<>(Switch.class);

    public EnvironmentSwitches(Function<String, String> environment) {
        for (Switch which : Switch.values()) {
            state.put(which, parse(environment.apply(variable(which))));
        }
    }

    public static EnvironmentSwitches fromSystem() {
        return new EnvironmentSwitches(System::getenv);
    }

    public static String variable(Switch which) {
        return "FABULA_SWITCH_" + which.name();
    }

    @Override
    public synchronized boolean isOn(Switch which) {
        return state.get(which);
    }

    @Override
    public synchronized void trip(Switch which, String reason) {
        if (state.put(which, false)) {
            LOG.warn("switch {} tripped off: {}", which, reason);
        }
    }

    private static boolean parse(String value) {
        if (value == null) {
            return true;
        }
        return switch (value.strip().toLowerCase(Locale.ROOT)) {
            case "off", "false", "0", "no" -> false;
            default -> true;
        };
    }
}
