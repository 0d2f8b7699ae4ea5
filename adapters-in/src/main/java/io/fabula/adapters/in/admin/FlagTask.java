package io.fabula.adapters.in.admin;

import io.dropwizard.servlets.tasks.Task;
import io.fabula.application.switches.HotSwitches;
import io.fabula.application.switches.Switch;
import io.fabula.application.switches.SwitchChange;
import io.fabula.application.switches.SwitchValues;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * {@code POST /tasks/flag?name=LLM_ENABLED&value=false[&reason=...]} on the admin port: changes a switch like
 * the admin API does (stored, audited as {@code admin-task}, broadcast). Without {@code value} it prints the
 * switch's current value. Bad input is answered 400 by {@link FlagTaskFilter} before this task runs.
 */
public final class FlagTask extends Task {
    public static final String NAME = "flag";
    static final String ACTOR = "admin-task";

    private final HotSwitches switches;

    public FlagTask(HotSwitches switches) {
        super(NAME);
        this.switches = Objects.requireNonNull(switches, "switches");
    }

    @Override
    public void execute(Map<String, List<String>> parameters, PrintWriter output) {
        Switch which = SwitchValues.parseName(first(parameters, "name"));
        String value = first(parameters, "value");
        if (value == null) {
            output.println(which + "=" + switches.isOn(which));
            return;
        }
        boolean enabled = SwitchValues.parseValue(value);
        String reason = Objects.requireNonNullElse(first(parameters, "reason"), "set through the admin task");
        SwitchChange change = switches.change(which, enabled, ACTOR, reason);
        output.println(which + "=" + enabled + (change.changed() ? " (changed)" : " (unchanged)"));
    }

    static String first(Map<String, List<String>> parameters, String key) {
        List<String> values = parameters.get(key);
        return values == null || values.isEmpty() ? null : values.get(0);
    }
}
