package io.fabula.application.budget;

/** The budget ledger (PostgreSQL) could not be reached: nothing was recorded or changed (503, retry later). */
public final class BudgetLedgerUnavailableException extends RuntimeException {
    public BudgetLedgerUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
