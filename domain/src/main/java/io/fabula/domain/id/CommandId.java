package io.fabula.domain.id;

/**
 * The idempotency key of a command (the HTTP {@code Idempotency-Key} header, or a key a worker
 * derives from the result it records). Opaque text, because clients choose it.
 */
public record CommandId(String value) {
    public static final int MAX_LENGTH = 200;

    public CommandId {
        Ids.requireText(value, MAX_LENGTH, "command id");
    }

    @Override
    public String toString() {
        return value;
    }
}
