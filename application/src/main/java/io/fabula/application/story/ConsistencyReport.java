package io.fabula.application.story;

import io.fabula.domain.quality.QualityConfig;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/** What {@link StoryGraph#validate} found in one branch, ordered by severity, check and refs. */
public record ConsistencyReport(StoryBranch branch, List<Finding> findings, Duration elapsed) {
    private static final Comparator<Finding> ORDER = Comparator.comparing(Finding::severity)
            .thenComparing(Finding::check)
            .thenComparing(finding -> String.join(",", finding.refs()));

    public ConsistencyReport {
        Objects.requireNonNull(branch, "branch");
        findings = findings.stream().sorted(ORDER).toList();
        Objects.requireNonNull(elapsed, "elapsed");
    }

    public long count(Severity severity) {
        return findings.stream().filter(finding -> finding.severity() == severity).count();
    }

    public boolean clean() {
        return findings.isEmpty();
    }

    /** The sum of the findings' penalties; the quality gate subtracts it from a perfect consistency score. */
    public double penalty(QualityConfig config) {
        return findings.stream().mapToDouble(finding -> finding.severity().penalty(config)).sum();
    }
}
