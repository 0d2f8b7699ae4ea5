package io.fabula.application.story;

import io.fabula.domain.quality.QualityConfig;

/** How bad a consistency finding is; each severity costs the graph-consistency score its penalty (SPEC §4). */
public enum Severity {
    ERROR, WARNING, INFO;

    /** error 3.0, warning 1.0, info 0.3 by default: the numbers live in {@link QualityConfig}. */
    public double penalty(QualityConfig config) {
        return switch (this) {
            case ERROR -> config.errorPenalty();
            case WARNING -> config.warningPenalty();
            case INFO -> config.infoPenalty();
        };
    }
}
