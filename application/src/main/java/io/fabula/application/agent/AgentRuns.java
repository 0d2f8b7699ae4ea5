package io.fabula.application.agent;

/** The audit of every agent call ({@code agent_runs}), for {@code /admin/health}, cost and debugging. */
public interface AgentRuns {

    /**
     * Records one call. Not part of the task's transaction: a call is recorded even when its task is
     * later redone by another worker (the call happened and cost money). Failures of the store are
     * unchecked exceptions; the worker logs them and goes on (an audit row must not stop generation).
     *
     * @return the row's id ({@code agent_runs.id}), which the budget ledger refers to
     */
    long record(AgentRun run);
}
