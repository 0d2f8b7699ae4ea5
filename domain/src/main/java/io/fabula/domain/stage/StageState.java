package io.fabula.domain.stage;

/**
 * Where one stage stands. {@code NOT_STARTED → IN_PROGRESS → AWAITING_REVIEW → LOCKED}; a review (the
 * writer's or the quality gate's) can send an {@code AWAITING_REVIEW} stage back to {@code
 * IN_PROGRESS}, and reopening sends a {@code LOCKED} one back. {@code NOT_STARTED} is not in the
 * design's list; it names the stages after the current one, which cannot start before it locks.
 */
public enum StageState {
    NOT_STARTED,
    IN_PROGRESS,
    AWAITING_REVIEW,
    LOCKED
}
