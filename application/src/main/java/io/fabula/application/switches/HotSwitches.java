package io.fabula.application.switches;

import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The switches as every process sees them: answered from memory, refreshed from the {@link SwitchStore}
 * periodically ({@link #refresh()}) and at once when another process broadcasts a change
 * ({@link #applyBroadcast}).
 *
 * <p>Precedence of a switch's value (documented in docs/operations.md):
 * <ol>
 *   <li>the stored value, when the store answered and the switch has a row;</li>
 *   <li>the fallback (environment variable {@code FABULA_SWITCH_<NAME>}) when the store has no row, or when the
 *       store is unreachable;</li>
 *   <li>when the store is unreachable and no fallback is set: the last value this process knew;</li>
 *   <li>otherwise on.</li>
 * </ol>
 */
public final class HotSwitches implements Switches {
    private static final Logger LOG = Logger.getLogger(HotSwitches.class.getName());
    /** The actor recorded for automatic trips. */
    public static final String AUTOMATIC = "automatic";

    /** Where the values in memory came from. */
    public enum Source { STORE, FALLBACK }

    private final SwitchStore store;
    private final SwitchBroadcast broadcast;
    private final SwitchAlarm alarm;
    private final Map<Switch, Boolean> fallback;
    private volatile Map<Switch, Boolean> current;
    private volatile Source source = Source.FALLBACK;

    public HotSwitches(SwitchStore store, SwitchBroadcast broadcast, SwitchAlarm alarm, Map<Switch, Boolean> fallback) {
        this.store = Objects.requireNonNull(store, "store");
        this.broadcast = Objects.requireNonNull(broadcast, "broadcast");
        this.alarm = Objects.requireNonNull(alarm, "alarm");
        this.fallback = fallback.isEmpty() ? Map.of() : Collections.unmodifiableMap(new EnumMap<>(fallback));
        EnumMap<Switch, Boolean> initial = new EnumMap<>(Switch.class);
        for (Switch which : Switch.values()) {
            initial.put(which, this.fallback.getOrDefault(which, true));
        }
        this.current = Collections.unmodifiableMap(initial);
    }

    @Override
    public boolean isOn(Switch which) {
        return current.get(which);
    }

    /** Every switch's value as this process applies it now. */
    public Map<Switch, Boolean> states() {
        return current;
    }

    public Source source() {
        return source;
    }

    /**
     * Re-reads the store. When it cannot be reached, keeps serving: fallback values where set, the last
     * known value otherwise. Never throws.
     */
    public void refresh() {
        Map<Switch, Boolean> stored;
        try {
            stored = store.readAll();
        } catch (RuntimeException e) {
            if (source == Source.STORE) {
                LOG.log(Level.WARNING, "switch store unreachable, serving fallback/last known values: " + e.getMessage());
            }
            source = Source.FALLBACK;
            EnumMap<Switch, Boolean> next = new EnumMap<>(current);
            next.putAll(fallback);
            current = Collections.unmodifiableMap(next);
            return;
        }
        if (source == Source.FALLBACK) {
            LOG.info("switch store reachable, serving stored values");
        }
        EnumMap<Switch, Boolean> next = new EnumMap<>(Switch.class);
        for (Switch which : Switch.values()) {
            next.put(which, stored.getOrDefault(which, fallback.getOrDefault(which, true)));
        }
        current = Collections.unmodifiableMap(next);
        source = Source.STORE;
    }

    /** A change another process broadcast: applied at once; the next {@link #refresh()} confirms it from the store. */
    public void applyBroadcast(Switch which, boolean enabled) {
        apply(which, enabled);
    }

    /**
     * An operator's change (admin API, admin task, {@code flags set}): stored with its audit entry, applied
     * here and broadcast to every other process.
     *
     * @throws SwitchStoreUnavailableException when the store cannot be reached; nothing changed then
     */
    public SwitchChange change(Switch which, boolean enabled, String actor, String reason) {
        SwitchChange change = store.set(which, enabled, actor, reason);
        apply(which, enabled);
        if (change.changed()) {
            broadcast.publish(which, enabled);
        }
        return change;
    }

    @Override
    public void trip(Switch which, String reason) {
        if (!isOn(which)) {
            return;
        }
        try {
            store.set(which, false, AUTOMATIC, reason);
        } catch (RuntimeException e) {
            // the trip must still protect this process and, through the broadcast, the others
            LOG.log(Level.WARNING, "could not record the automatic trip of " + which + " in the store: " + e.getMessage());
        }
        apply(which, false);
        broadcast.publish(which, false);
        alarm.tripped(which, reason);
    }

    /** The newest audit entries first. */
    public List<SwitchAuditEntry> audit(int limit) {
        return store.audit(limit);
    }

    private synchronized void apply(Switch which, boolean enabled) {
        if (current.get(which) == enabled) {
            return;
        }
        EnumMap<Switch, Boolean> next = new EnumMap<>(current);
        next.put(which, enabled);
        current = Collections.unmodifiableMap(next);
    }
}
