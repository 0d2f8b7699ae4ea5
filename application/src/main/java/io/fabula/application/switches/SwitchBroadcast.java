package io.fabula.application.switches;

/**
 * Tells every other process that a switch changed (Redis pub/sub). Best effort: a process that misses
 * the message still sees the change at its next periodic re-read of the {@link SwitchStore}.
 */
public interface SwitchBroadcast {

    /** Publishes the new value; never throws (a failure is logged and left to the periodic re-read). */
    void publish(Switch which, boolean enabled);
}
