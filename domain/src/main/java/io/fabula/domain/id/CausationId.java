package io.fabula.domain.id;

/** The id of the message (command or event) that directly caused an event. */
public record CausationId(String value) {
    public static final int MAX_LENGTH = 200;

    public CausationId {
        Ids.requireText(value, MAX_LENGTH, "causation id");
    }

    public static CausationId of(CommandId commandId) {
        return new CausationId(commandId.value());
    }

    @Override
    public String toString() {
        return value;
    }
}
