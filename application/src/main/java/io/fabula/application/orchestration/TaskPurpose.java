package io.fabula.application.orchestration;

/** Why a capability is asked to work; with the stage it tells a worker which prompt to use. */
public enum TaskPurpose {
    /** write the stage's proposal (first time, on request, after reopening or resuming) */
    GENERATE,
    /** write it again from scratch: the quality gate rejected the last one */
    REGENERATE,
    /** improve the last proposal with the feedback */
    REVISE,
    /** answer the writer's message in the stage's conversation */
    REPLY,
    /** score the proposal (SPEC §4) */
    REVIEW,
    /** check the world against the story graph and score it */
    VALIDATE
}
