package io.fabula.application.flow;

import io.fabula.application.orchestration.CapabilityResult;
import io.fabula.application.orchestration.CapabilityTask;

/**
 * The messages of the genesis flow, written to {@code event_outbox} in the caller's transaction and
 * published by the relay after commit (SPEC §3: tasks go through the outbox too, never a direct produce).
 * Every message is keyed by its session id, so a session's tasks and results stay on one partition.
 */
public interface FlowOutbox {

    /** A task on {@code genesis.<cap>.tasks}, published no earlier than {@code task.delay()} from now. */
    void task(CapabilityTask task);

    /** A worker's result on {@code genesis.<cap>.events}. */
    void result(CapabilityResult result);

    /** A message parked on {@code <original topic>.DLT}. */
    void deadLetter(DeadLetter letter);

    /**
     * Re-injects a parked message onto its original topic, unchanged except for the header
     * {@code replay} = {@code generation} (so consumers that deduplicate treat it as new work).
     */
    void replay(DeadLetter letter, int generation);
}
