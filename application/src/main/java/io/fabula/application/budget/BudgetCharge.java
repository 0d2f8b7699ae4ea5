package io.fabula.application.budget;

import java.math.BigDecimal;
import java.time.LocalDate;

/** One call charged to the ledger: the day it counts on, its model, tokens and cost in USD. */
public record BudgetCharge(LocalDate day, String model, int tokensIn, int tokensOut, BigDecimal costUsd) {
}
