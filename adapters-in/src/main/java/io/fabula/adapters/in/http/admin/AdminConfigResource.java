package io.fabula.adapters.in.http.admin;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.auth.Auth;
import io.fabula.adapters.in.http.Api;
import io.fabula.adapters.in.http.auth.Caller;
import io.fabula.adapters.in.http.auth.Roles;
import io.fabula.application.switches.HotSwitches;
import io.fabula.application.switches.Switch;
import io.fabula.application.switches.SwitchAuditEntry;
import io.fabula.application.switches.SwitchStoreUnavailableException;
import io.fabula.application.switches.SwitchValues;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * {@code GET|POST /api/v1/admin/config} (SPEC §6, §8): the hot switches as this process applies them, where
 * the values come from, and the last changes; a POST changes one or more switches (admin role only).
 */
@Path(Api.V1 + "/admin/config")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "admin", description = "Operations: switches, budget, health (admin role)")
public final class AdminConfigResource {
    static final String PATH = Api.V1 + "/admin/config";
    private static final int AUDIT_SHOWN = 20;

    private final HotSwitches switches;

    public AdminConfigResource(HotSwitches switches) {
        this.switches = Objects.requireNonNull(switches, "switches");
    }

    public record AuditView(String name, @JsonProperty("old_value") Boolean oldValue,
                            @JsonProperty("new_value") boolean newValue, @JsonProperty("changed_by") String changedBy,
                            String reason, @JsonProperty("changed_at") Instant changedAt) {
        static AuditView of(SwitchAuditEntry entry) {
            return new AuditView(entry.switchName(), entry.oldValue().orElse(null), entry.newValue(),
                    entry.changedBy(), entry.reason(), entry.changedAt());
        }
    }

    public record ConfigView(Map<String, Boolean> switches, String source, List<AuditView> audit) {
    }

    @GET
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "The switches, their source (store or fallback) and the last 20 changes",
            security = @SecurityRequirement(name = "bearer"))
    public ConfigView config(@Auth Caller caller) {
        Map<String, Boolean> values = new LinkedHashMap<>();
        switches.states().forEach((which, on) -> values.put(which.name(), on));
        List<AuditView> audit;
        try {
            audit = switches.audit(AUDIT_SHOWN).stream().map(AuditView::of).toList();
        } catch (SwitchStoreUnavailableException e) {
            audit = List.of(); // the values above still answer from memory
        }
        return new ConfigView(values, switches.source().name(), audit);
    }

    /**
     * Body: the switches to change, e.g. {@code {"LLM_ENABLED": false, "EMAIL_ENABLED": true}}, optionally with
     * {@code "reason": "..."}. Every name and value is checked before anything changes: an unknown switch or a
     * value that is not a JSON boolean answers 400 and changes nothing.
     */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Change switches: {\"LLM_ENABLED\": false, \"reason\": \"...\"}",
            security = @SecurityRequirement(name = "bearer"))
    public ConfigView change(@Auth Caller caller, Map<String, Object> body) {
        if (body == null || body.isEmpty()) {
            throw AdminProblems.invalid(PATH, "send the switches to change, e.g. {\"LLM_ENABLED\": false}");
        }
        String reason = "set through the admin API";
        Map<Switch, Boolean> changes = new LinkedHashMap<>();
        for (Map.Entry<String, Object> entry : body.entrySet()) {
            if (entry.getKey().equals("reason")) {
                if (!(entry.getValue() instanceof String text) || text.isBlank()) {
                    throw AdminProblems.invalid(PATH, "reason must be a non-empty string");
                }
                reason = text;
                continue;
            }
            Switch which;
            try {
                which = SwitchValues.parseName(entry.getKey());
            } catch (IllegalArgumentException e) {
                throw AdminProblems.invalid(PATH, e.getMessage());
            }
            if (!(entry.getValue() instanceof Boolean value)) {
                throw AdminProblems.invalid(PATH, which + " must be true or false (a JSON boolean), not "
                        + (entry.getValue() == null ? "null" : "'" + entry.getValue() + "'"));
            }
            changes.put(which, value);
        }
        if (changes.isEmpty()) {
            throw AdminProblems.invalid(PATH, "no switch to change");
        }
        String actor = "user:" + caller.userId().value();
        try {
            for (Map.Entry<Switch, Boolean> change : changes.entrySet()) {
                switches.change(change.getKey(), change.getValue(), actor, reason);
            }
        } catch (SwitchStoreUnavailableException e) {
            throw AdminProblems.unavailable(PATH, "the switch store (PostgreSQL) cannot be reached; retry later");
        }
        return config(caller);
    }
}
