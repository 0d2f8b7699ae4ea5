package io.fabula.adapters.in.http.admin;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.dropwizard.auth.Auth;
import io.dropwizard.jackson.Jackson;
import io.fabula.adapters.in.http.Api;
import io.fabula.adapters.in.http.auth.Caller;
import io.fabula.adapters.in.http.auth.Roles;
import io.fabula.application.ops.HealthReport;
import io.fabula.application.ops.ReportHealth;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * {@code GET /api/v1/admin/health} (SPEC §6, §8, §10): the recovery checklist as one JSON answer — every
 * dependency (up/down, latency), breakers, switches, budget, outbox backlog, consumer lag, workers' heartbeats
 * (stale after 60 s) and the last 20 agent runs. Always 200 with {@code status} ok/degraded/down, so an
 * operator sees the whole picture precisely when something is wrong.
 */
@Path(Api.V1 + "/admin/health")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "admin")
public final class AdminHealthResource {
    /** The report's records in the API's snake_case, dates as ISO-8601 strings. */
    private static final ObjectMapper SNAKE = Jackson.newObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    private final ReportHealth health;

    public AdminHealthResource(ReportHealth health) {
        this.health = Objects.requireNonNull(health, "health");
    }

    @GET
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Dependencies, breakers, switches, budget, outbox, consumer lag, workers, recent agent runs",
            security = @SecurityRequirement(name = "bearer"))
    public Map<String, Object> health(@Auth Caller caller) {
        HealthReport report = health.handle();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", report.status());
        body.put("problems", report.problems());
        body.put("checked_at", report.checkedAt());
        body.put("dependencies", snake(report.dependencies()));
        body.put("breakers", report.breakers());
        body.put("switches", report.switches());
        body.put("switch_source", report.switchSource());
        body.put("budget", report.budget().map(AdminBudgetResource.BudgetView::of).orElse(null));
        body.put("outbox", snake(report.outbox().orElse(null)));
        body.put("consumer_lag", report.consumerLag().orElse(null));
        body.put("workers", snake(report.workers()));
        body.put("recent_agent_runs", snake(report.recentAgentRuns()));
        return body;
    }

    private static Object snake(Object value) {
        return value == null ? null : SNAKE.convertValue(value, Object.class);
    }
}
