package io.fabula.application.switches;

/**
 * The hot degrade switches of SPEC §8. Every one is on by default; an operator (admin API, admin task,
 * {@code flags set}) or an automatic trip turns it off, and every process applies the change within 2 s.
 */
public enum Switch {
    /** Off: no generation; commands that need it answer FeatureDisabled (no silent offline fallback in prod). */
    LLM_ENABLED,
    /** Off: nothing is embedded; memory writes are skipped. */
    EMBEDDING_ENABLED,
    /** Off: notifications only in the daily digest. */
    IMMEDIATE_ENABLED,
    /** Off: in-app notifications only. */
    EMAIL_ENABLED,
    /** Off: no Neo4j consistency checks; responses say {@code validation: skipped}. */
    GRAPH_VALIDATION_ENABLED,
    /** Off: no Milvus retrieval; generation runs without retrieval context. */
    VECTOR_SEARCH_ENABLED
}
