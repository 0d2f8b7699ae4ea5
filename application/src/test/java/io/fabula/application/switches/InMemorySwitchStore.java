package io.fabula.application.switches;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A {@link SwitchStore} in memory that can be made unreachable, for the use-case tests. */
final class InMemorySwitchStore implements SwitchStore {
    private final Map<Switch, Boolean> rows = new EnumMap<>(Switch.class);
    private final List<SwitchAuditEntry> audit = new ArrayList<>();
    private boolean reachable = true;

    void reachable(boolean reachable) {
        this.reachable = reachable;
    }

    @Override
    public synchronized Map<Switch, Boolean> readAll() {
        check();
        return new EnumMap<>(rows);
    }

    @Override
    public synchronized SwitchChange set(Switch which, boolean enabled, String actor, String reason) {
        check();
        SwitchChange change = new SwitchChange(which, Optional.ofNullable(rows.get(which)), enabled, actor, reason);
        if (change.changed()) {
            rows.put(which, enabled);
            audit.add(0, new SwitchAuditEntry(which.name(), change.previous(), enabled, actor, reason, Instant.now()));
        }
        return change;
    }

    @Override
    public synchronized List<SwitchAuditEntry> audit(int limit) {
        check();
        return List.copyOf(audit.subList(0, Math.min(limit, audit.size())));
    }

    private void check() {
        if (!reachable) {
            throw new SwitchStoreUnavailableException("store down", new RuntimeException("connection refused"));
        }
    }
}
