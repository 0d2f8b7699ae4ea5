package io.fabula.application.switches;

/**
 * Reads the current state of the degrade switches and lets a breaker turn one off (SPEC §8).
 * Reads are on hot paths: implementations answer from memory and refresh in the background
 * (PostgreSQL store + Redis pub/sub, environment-variable fallback when the store is unreachable).
 */
public interface Switches {

    boolean isOn(Switch which);

    /**
     * Turns a switch off automatically (LLM 429/5xx storm, SMTP failure streak), recorded in the
     * switch audit with the reason and raised as an alert. A no-op when it is already off.
     */
    void trip(Switch which, String reason);
}
