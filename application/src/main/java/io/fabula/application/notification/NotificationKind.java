package io.fabula.application.notification;

/**
 * What a notification is about (SPEC §9); stored as its name in {@code notifications.kind}. Each kind has a mail
 * template in English and Chinese ({@link MailTemplates}).
 */
public enum NotificationKind {
    /** A stage's proposal passed the quality gate and waits for the writer (immediate or digest). */
    STAGE_AWAITING_REVIEW("stage-awaiting-review"),
    /** The session locked its last stage (COMPLETED, which the design calls FINISHED). */
    SESSION_FINISHED("session-finished"),
    /** The session failed and needs the writer. */
    SESSION_FAILED("session-failed"),
    /** The day's LLM spending reached 80 % of the budget (to admins, SPEC §8). */
    BUDGET_WARNING("budget-warning"),
    /** One mail that groups a user's pending digest notifications. */
    DAILY_DIGEST("daily-digest");

    private final String template;

    NotificationKind(String template) {
        this.template = template;
    }

    /** The base name of the kind's template files, e.g. {@code stage-awaiting-review}. */
    String template() {
        return template;
    }
}
