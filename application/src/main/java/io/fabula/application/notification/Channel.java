package io.fabula.application.notification;

/** Where a notification row is delivered: the writer's in-app list (and SSE), or a mail. */
public enum Channel {
    /** Listed by {@code GET /api/v1/notifications} and pushed as a {@code notification} SSE event; always created. */
    IN_APP,
    /** Sent by the SMTP sender, alone ({@link Delivery#IMMEDIATE}) or grouped into the daily digest. */
    EMAIL
}
