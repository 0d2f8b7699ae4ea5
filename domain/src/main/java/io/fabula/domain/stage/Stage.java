package io.fabula.domain.stage;

import java.util.Optional;

/** The ordered stages of genesis, from the seed idea to the locked details of the story bible. */
public enum Stage {
    CONCEPT,
    THEME,
    WORLD,
    CHARACTERS,
    PLOT,
    DETAILS;

    private static final Stage[] ALL = values();

    /** Position in the flow, 0 for CONCEPT; stages lock in this order. */
    public int index() {
        return ordinal();
    }

    public Optional<Stage> next() {
        return isLast() ? Optional.empty() : Optional.of(ALL[ordinal() + 1]);
    }

    public boolean isLast() {
        return ordinal() == ALL.length - 1;
    }

    public static Stage first() {
        return ALL[0];
    }
}
