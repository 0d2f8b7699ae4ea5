package io.fabula.application.story;

/** The consistency checks run on a story graph, each with the severity of what it finds. */
public enum ConsistencyCheck {
    /** two world rules that apply to the same place, one requiring what the other forbids */
    CONFLICTING_RULES(Severity.ERROR),
    /** two world rules the world builder itself marked as conflicting: a known tension, kept visible */
    DECLARED_RULE_CONFLICT(Severity.WARNING),
    /** a character carries a trait a rule that applies to them forbids */
    CHARACTER_BREAKS_RULE(Severity.ERROR),
    /** a plot node (at a place a rule governs, or anywhere for a global rule) does what the rule forbids */
    PLOT_NODE_BREAKS_RULE(Severity.ERROR),
    /** a plot node names a character the story does not have */
    UNKNOWN_CHARACTER(Severity.ERROR),
    /** the NEXT order of plot nodes loops back on itself */
    NEXT_CYCLE(Severity.ERROR),
    /** a plot node points NEXT to a plot node that was never defined */
    DANGLING_NEXT(Severity.WARNING),
    /** a plot node connected to no other plot node in a plot of several */
    ORPHAN_PLOT_NODE(Severity.WARNING),
    /** a character no plot node names and no character relates to */
    ORPHAN_CHARACTER(Severity.INFO),
    /** a location nothing happens at, no rule governs and no character lives in */
    ORPHAN_LOCATION(Severity.INFO);

    private final Severity severity;

    ConsistencyCheck(Severity severity) {
        this.severity = severity;
    }

    public Severity severity() {
        return severity;
    }
}
