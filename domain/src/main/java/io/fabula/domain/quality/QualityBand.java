package io.fabula.domain.quality;

/** The bands of SPEC §4 a reviewed proposal's score (0–10) falls into. */
public enum QualityBand {
    /** ≥ 8.0: shown to the writer as it is */
    PROPOSED,
    /** 6.0–7.9: shown to the writer with the reviewer's suggestions */
    PROPOSED_WITH_SUGGESTIONS,
    /** 4.0–5.9: sent back for a revision with the findings as feedback */
    REVISION_REQUESTED,
    /** &lt; 4.0: generated again from scratch */
    REGENERATION_REQUESTED
}
