package io.fabula.application.budget;

import java.math.BigDecimal;
import java.time.LocalDate;

/**
 * Where the budget's warnings go (metric + log, and the notification hook an admin notification can plug
 * into). Each is raised at most once per UTC day and process.
 */
public interface BudgetAlerts {

    /** Today's spend crossed the warning ratio (80 %). */
    void warning(LocalDate day, BigDecimal spent, BigDecimal limit);

    /** Today's spend reached the limit: the breaker is tripped until 00:00 UTC or a higher limit. */
    void tripped(LocalDate day, BigDecimal spent, BigDecimal limit);
}
