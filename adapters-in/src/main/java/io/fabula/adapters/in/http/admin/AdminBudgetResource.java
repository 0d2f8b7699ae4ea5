package io.fabula.adapters.in.http.admin;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.auth.Auth;
import io.fabula.adapters.in.http.Api;
import io.fabula.adapters.in.http.auth.Caller;
import io.fabula.adapters.in.http.auth.Roles;
import io.fabula.application.budget.BudgetLedgerUnavailableException;
import io.fabula.application.budget.BudgetState;
import io.fabula.application.budget.DailyLlmBudget;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;
import java.util.Objects;

/**
 * {@code GET|POST /api/v1/admin/budget} (SPEC §8): today's LLM budget (limit, spent, remaining, state, spend
 * by model, reset time); a POST sets a new limit, audited with who and why (admin role only).
 */
@Path(Api.V1 + "/admin/budget")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "admin")
public final class AdminBudgetResource {
    static final String PATH = Api.V1 + "/admin/budget";

    private final DailyLlmBudget budget;

    public AdminBudgetResource(DailyLlmBudget budget) {
        this.budget = Objects.requireNonNull(budget, "budget");
    }

    public record BudgetView(LocalDate day, @JsonProperty("limit_usd") BigDecimal limitUsd,
                             @JsonProperty("spent_usd") BigDecimal spentUsd,
                             @JsonProperty("remaining_usd") BigDecimal remainingUsd, String state,
                             @JsonProperty("by_model") Map<String, BigDecimal> byModel,
                             @JsonProperty("resets_at") Instant resetsAt) {
        static BudgetView of(BudgetState state) {
            return new BudgetView(state.day(), state.limitUsd(), state.spentUsd(), state.remainingUsd(),
                    state.state().name(), state.spentByModel(), state.resetsAt());
        }
    }

    public record LimitChange(@JsonProperty("limit_usd") BigDecimal limitUsd, String reason) {
    }

    @GET
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Today's LLM budget: limit, spent, remaining, state (OK, WARNING, TRIPPED), by model",
            security = @SecurityRequirement(name = "bearer"))
    public BudgetView budget(@Auth Caller caller) {
        try {
            return BudgetView.of(budget.state());
        } catch (BudgetLedgerUnavailableException e) {
            throw AdminProblems.unavailable(PATH, "the budget ledger (PostgreSQL) cannot be reached; retry later");
        }
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Set the daily limit: {\"limit_usd\": 100, \"reason\": \"launch day\"}",
            security = @SecurityRequirement(name = "bearer"))
    public BudgetView setLimit(@Auth Caller caller, LimitChange change) {
        if (change == null || change.limitUsd() == null || change.limitUsd().signum() < 0) {
            throw AdminProblems.invalid(PATH, "limit_usd must be a number of USD, 0 or more");
        }
        if (change.reason() == null || change.reason().isBlank()) {
            throw AdminProblems.invalid(PATH, "reason is required (it goes into the budget's audit trail)");
        }
        try {
            return BudgetView.of(budget.setLimit(change.limitUsd(), "user:" + caller.userId().value(), change.reason()));
        } catch (BudgetLedgerUnavailableException e) {
            throw AdminProblems.unavailable(PATH, "the budget ledger (PostgreSQL) cannot be reached; nothing changed");
        }
    }
}
