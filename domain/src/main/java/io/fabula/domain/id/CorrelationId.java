package io.fabula.domain.id;

/** Ties together everything one writer request caused, across processes and topics. */
public record CorrelationId(String value) {
    public static final int MAX_LENGTH = 200;

    public CorrelationId {
        Ids.requireText(value, MAX_LENGTH, "correlation id");
    }

    @Override
    public String toString() {
        return value;
    }
}
