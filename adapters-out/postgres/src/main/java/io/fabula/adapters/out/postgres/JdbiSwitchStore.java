package io.fabula.adapters.out.postgres;

import io.fabula.application.switches.Switch;
import io.fabula.application.switches.SwitchAuditEntry;
import io.fabula.application.switches.SwitchChange;
import io.fabula.application.switches.SwitchStore;
import io.fabula.application.switches.SwitchStoreUnavailableException;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;

/**
 * {@link SwitchStore} on {@code feature_flags} and {@code feature_flag_audit} (changeset 006). A change
 * locks the switch's row ({@code FOR UPDATE}) so two operators setting it at once are audited in order.
 */
public final class JdbiSwitchStore implements SwitchStore {
    private static final int MAX_REASON_LENGTH = 1_000;

    private final Jdbi jdbi;

    public JdbiSwitchStore(Jdbi jdbi) {
        this.jdbi = Objects.requireNonNull(jdbi, "jdbi");
    }

    @Override
    public Map<Switch, Boolean> readAll() {
        return guarded(() -> jdbi.withHandle(handle -> {
            Map<Switch, Boolean> values = new EnumMap<>(Switch.class);
            handle.createQuery("select name, enabled from feature_flags")
                    .map((rs, ctx) -> Map.entry(rs.getString("name"), rs.getBoolean("enabled")))
                    .forEach(row -> known(row.getKey()).ifPresent(which -> values.put(which, row.getValue())));
            return values;
        }));
    }

    @Override
    public SwitchChange set(Switch which, boolean enabled, String actor, String reason) {
        String why = reason.length() > MAX_REASON_LENGTH ? reason.substring(0, MAX_REASON_LENGTH) : reason;
        return guarded(() -> jdbi.inTransaction(handle -> {
            // the insert makes the row exist so the lock below always has a row to hold
            boolean created = handle.createQuery("""
                            insert into feature_flags (name, enabled, updated_by) values (:name, true, :actor)
                            on conflict (name) do nothing returning name""")
                    .bind("name", which.name()).bind("actor", actor)
                    .mapTo(String.class).findOne().isPresent();
            boolean enabledBefore = handle.createQuery("select enabled from feature_flags where name = :name for update")
                    .bind("name", which.name())
                    .mapTo(Boolean.class).one();
            Optional<Boolean> stored = created ? Optional.empty() : Optional.of(enabledBefore);
            SwitchChange change = new SwitchChange(which, stored, enabled, actor, why);
            if (change.changed()) {
                handle.createUpdate("""
                                update feature_flags set enabled = :enabled, updated_at = now(), updated_by = :actor
                                where name = :name""")
                        .bind("enabled", enabled).bind("actor", actor).bind("name", which.name()).execute();
                handle.createUpdate("""
                                insert into feature_flag_audit (flag_name, old_value, new_value, changed_by, reason)
                                values (:name, :old, :new, :actor, :reason)""")
                        .bind("name", which.name())
                        .bind("old", stored.orElse(null))
                        .bind("new", enabled)
                        .bind("actor", actor)
                        .bind("reason", why)
                        .execute();
            }
            return change;
        }));
    }

    @Override
    public List<SwitchAuditEntry> audit(int limit) {
        return guarded(() -> jdbi.withHandle(handle -> handle.createQuery("""
                        select flag_name, old_value, new_value, changed_by, reason, changed_at
                        from feature_flag_audit order by id desc limit :limit""")
                .bind("limit", limit)
                .map((rs, ctx) -> {
                    boolean old = rs.getBoolean("old_value");
                    Optional<Boolean> oldValue = rs.wasNull() ? Optional.empty() : Optional.of(old);
                    return new SwitchAuditEntry(rs.getString("flag_name"), oldValue, rs.getBoolean("new_value"),
                            rs.getString("changed_by"), rs.getString("reason"),
                            rs.getTimestamp("changed_at").toInstant());
                })
                .list()));
    }

    private static Optional<Switch> known(String name) {
        for (Switch which : Switch.values()) {
            if (which.name().equals(name)) {
                return Optional.of(which);
            }
        }
        return Optional.empty(); // a row of a retired switch is ignored, not an error
    }

    private static <T> T guarded(Supplier<T> work) {
        try {
            return work.get();
        } catch (JdbiException e) {
            throw new SwitchStoreUnavailableException("switch store: " + e.getMessage(), e);
        }
    }
}
