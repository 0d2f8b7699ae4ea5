package io.fabula.application.switches;

import java.time.Instant;
import java.util.Optional;

/** One row of the switch audit trail: who changed which switch, when, from what to what, and why. */
public record SwitchAuditEntry(String switchName, Optional<Boolean> oldValue, boolean newValue, String changedBy,
                               String reason, Instant changedAt) {
}
