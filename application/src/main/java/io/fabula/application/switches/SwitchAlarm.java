package io.fabula.application.switches;

/** Raises an operator alert (metric + error log) when a switch was turned off automatically. */
public interface SwitchAlarm {

    void tripped(Switch which, String reason);
}
