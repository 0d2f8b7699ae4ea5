package io.fabula.codec;

/** The JSON names of the envelope (SPEC §2): one place, shared by writer, reader and tests. */
final class EnvelopeFields {
    static final String EVENT_ID = "event_id";
    static final String EVENT_TYPE = "event_type";
    static final String AGGREGATE_TYPE = "aggregate_type";
    static final String AGGREGATE_ID = "aggregate_id";
    static final String SEQUENCE = "sequence";
    static final String CORRELATION_ID = "correlation_id";
    static final String CAUSATION_ID = "causation_id";
    static final String OCCURRED_AT = "occurred_at";
    static final String PAYLOAD = "payload";
    static final String METADATA = "metadata";

    static final String SESSION_ID = "session_id";
    static final String NOVEL_ID = "novel_id";
    static final String USER_ID = "user_id";
    static final String STAGE = "stage";
    static final String CONTENT = "content";
    static final String QUALITY_SCORE = "quality_score";

    static final String SCHEMA_VERSION = "schema_version";
    static final String SOURCE = "source";
    static final String TRACE_ID = "trace_id";

    private EnvelopeFields() {
    }
}
