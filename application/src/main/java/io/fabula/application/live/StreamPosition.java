package io.fabula.application.live;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A position in a writer's history, {@code <milliseconds>-<sequence>} as Redis stream ids are. Ordered:
 * a later message always has a greater position.
 */
public record StreamPosition(long millis, long sequence) implements Comparable<StreamPosition> {
    /** Before every message: reading after it reads the whole history. */
    public static final StreamPosition ORIGIN = new StreamPosition(0, 0);

    private static final Pattern FORMAT = Pattern.compile("\\d{1,19}-\\d{1,19}");

    public StreamPosition {
        if (millis < 0 || sequence < 0) {
            throw new IllegalArgumentException("a stream position is never negative");
        }
    }

    /** Reads {@code 1732364400000-0}; empty for anything else (a browser sends back only ids it was given). */
    public static Optional<StreamPosition> parse(String text) {
        if (text == null || !FORMAT.matcher(text).matches()) {
            return Optional.empty();
        }
        int dash = text.indexOf('-');
        try {
            return Optional.of(new StreamPosition(Long.parseLong(text.substring(0, dash)),
                    Long.parseLong(text.substring(dash + 1))));
        } catch (NumberFormatException tooBig) {
            return Optional.empty();
        }
    }

    @Override
    public int compareTo(StreamPosition other) {
        int byMillis = Long.compareUnsigned(millis, other.millis);
        return byMillis != 0 ? byMillis : Long.compareUnsigned(sequence, other.sequence);
    }

    public boolean isBefore(StreamPosition other) {
        return compareTo(other) < 0;
    }

    @Override
    public String toString() {
        return millis + "-" + sequence;
    }
}
