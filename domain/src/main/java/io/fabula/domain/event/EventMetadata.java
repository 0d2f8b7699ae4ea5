package io.fabula.domain.event;

/**
 * The {@code metadata} of the envelope.
 *
 * @param schemaVersion the envelope schema the writer used; a reader that knows only older ones
 *                      routes the event to the DLT (Poison) instead of guessing
 * @param source        the producing process as a URI reference, e.g. {@code /fabula/server}; CloudEvents {@code source}
 * @param traceId       the W3C trace id of the request, or null
 */
public record EventMetadata(int schemaVersion, String source, String traceId) {
    /** The envelope schema this code writes; bump it (and the JSON Schema) on any incompatible change. */
    public static final int CURRENT_SCHEMA_VERSION = 1;

    public EventMetadata {
        if (schemaVersion < 1) {
            throw new IllegalArgumentException("schema version starts at 1");
        }
        if (source == null || source.isBlank()) {
            throw new IllegalArgumentException("an event needs a source");
        }
        if (traceId != null && traceId.isBlank()) {
            traceId = null;
        }
    }

    public static EventMetadata current(String source, String traceId) {
        return new EventMetadata(CURRENT_SCHEMA_VERSION, source, traceId);
    }
}
