package io.fabula.application.story;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabula.domain.id.NovelId;
import io.fabula.domain.id.SessionId;
import io.fabula.domain.quality.QualityConfig;
import java.time.Duration;
import java.util.List;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

class ConsistencyReportTest {
    private static final StoryBranch BRANCH = new StoryBranch(NovelId.of("01956a1e-0000-7000-8000-0000000000cc"),
            SessionId.of("01956a1e-0000-7000-8000-000000000001"));

    private static ConsistencyReport report(Finding... findings) {
        return new ConsistencyReport(BRANCH, List.of(findings), Duration.ZERO);
    }

    @Test
    void penalties_are_the_quality_configs_error_warning_and_info_penalties_summed() {
        ConsistencyReport report = report(
                new Finding(ConsistencyCheck.ORPHAN_LOCATION, List.of("l-1"), "orphan"),
                new Finding(ConsistencyCheck.UNKNOWN_CHARACTER, List.of("p-1", "X"), "unknown"),
                new Finding(ConsistencyCheck.DANGLING_NEXT, List.of("p-1", "p-2"), "dangling"),
                new Finding(ConsistencyCheck.NEXT_CYCLE, List.of("p-1", "p-2"), "cycle"));

        assertThat(report.penalty(QualityConfig.defaults())).isCloseTo(3.0 + 3.0 + 1.0 + 0.3, Offset.offset(1e-9));
        assertThat(report.count(Severity.ERROR)).isEqualTo(2);
        assertThat(report.count(Severity.WARNING)).isEqualTo(1);
        assertThat(report.count(Severity.INFO)).isEqualTo(1);
        assertThat(report.clean()).isFalse();
    }

    @Test
    void findings_are_ordered_by_severity_then_check_and_refs_are_sorted() {
        ConsistencyReport report = report(
                new Finding(ConsistencyCheck.ORPHAN_CHARACTER, List.of("c-2"), "orphan"),
                new Finding(ConsistencyCheck.ORPHAN_PLOT_NODE, List.of("p-9"), "orphan"),
                new Finding(ConsistencyCheck.CONFLICTING_RULES, List.of("r-b", "r-a"), "conflict"));

        assertThat(report.findings()).extracting(Finding::check).containsExactly(
                ConsistencyCheck.CONFLICTING_RULES, ConsistencyCheck.ORPHAN_PLOT_NODE, ConsistencyCheck.ORPHAN_CHARACTER);
        assertThat(report.findings().get(0).refs()).containsExactly("r-a", "r-b");
    }

    @Test
    void a_report_without_findings_is_clean_and_costs_nothing() {
        assertThat(report().clean()).isTrue();
        assertThat(report().penalty(QualityConfig.defaults())).isZero();
    }
}
