package io.fabula.application.switches;

import java.util.Objects;
import java.util.Optional;

/**
 * One change of a switch as stored.
 *
 * @param previous the stored value before, empty when the switch had no row (it was on by default)
 */
public record SwitchChange(Switch which, Optional<Boolean> previous, boolean enabled, String actor, String reason) {
    public SwitchChange {
        Objects.requireNonNull(which, "which");
        Objects.requireNonNull(previous, "previous");
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(reason, "reason");
    }

    /** Whether a new value was stored (a switch without a row gets one, and an audit entry, on its first set). */
    public boolean changed() {
        return previous.isEmpty() || previous.get() != enabled;
    }
}
