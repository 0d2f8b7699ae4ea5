package io.fabula.application.switches;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** Parses switch names and values from operators' input strictly: anything unknown is refused, never guessed. */
public final class SwitchValues {
    private SwitchValues() {
    }

    /** @throws IllegalArgumentException naming the known switches when {@code name} is not one of them */
    public static Switch parseName(String name) {
        if (name != null) {
            for (Switch candidate : Switch.values()) {
                if (candidate.name().equals(name.trim().toUpperCase(Locale.ROOT))) {
                    return candidate;
                }
            }
        }
        throw new IllegalArgumentException("unknown switch '" + name + "'; known switches: "
                + Arrays.stream(Switch.values()).map(Enum::name).collect(Collectors.joining(", ")));
    }

    /** @throws IllegalArgumentException unless {@code value} is {@code true} or {@code false} (any case) */
    public static boolean parseValue(String value) {
        if (value != null) {
            String trimmed = value.trim().toLowerCase(Locale.ROOT);
            if (trimmed.equals("true")) {
                return true;
            }
            if (trimmed.equals("false")) {
                return false;
            }
        }
        throw new IllegalArgumentException("switch value must be true or false, not '" + value + "'");
    }
}
