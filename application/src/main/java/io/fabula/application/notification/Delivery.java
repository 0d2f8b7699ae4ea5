package io.fabula.application.notification;

/** When a mail goes out (SPEC §9). */
public enum Delivery {
    /** As soon as the sender sees it, unless {@code IMMEDIATE_ENABLED} is off (then it waits for the digest). */
    IMMEDIATE,
    /** Grouped with the user's other pending mails into one digest mail a day. */
    DIGEST
}
