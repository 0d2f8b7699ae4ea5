package io.fabula.application.switches;

import java.util.List;
import java.util.Map;

/**
 * Where the switches live durably (PostgreSQL {@code feature_flags} + {@code feature_flag_audit}).
 * Every method throws {@link SwitchStoreUnavailableException} when the store cannot be reached.
 */
public interface SwitchStore {

    /** The stored value of every switch that has a row; a switch without a row is absent from the map. */
    Map<Switch, Boolean> readAll();

    /**
     * Stores the value and, when it differs from the stored one, an audit entry (who, old → new, why),
     * both in one transaction. Idempotent: setting the value a switch already has changes nothing.
     *
     * @return the change; {@link SwitchChange#changed()} is false when the value was already stored
     */
    SwitchChange set(Switch which, boolean enabled, String actor, String reason);

    /** The newest audit entries first, at most {@code limit}. */
    List<SwitchAuditEntry> audit(int limit);
}
