package io.fabula.app.config;

import io.dropwizard.util.Duration;
import io.dropwizard.validation.MinDuration;
import io.fabula.application.admission.QuotaSettings;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.util.concurrent.TimeUnit;

/**
 * Admission limits (SPEC §7); docs/sse.md ("Admission") explains each.
 *
 * @param perUserRequests         requests per writer and window (60), counted in Redis across instances
 * @param perUserWindow           (60 s)
 * @param globalRequestsPerSecond requests one instance starts per second (500); beyond: 503
 * @param maxConcurrentRequests   requests one instance has in progress (100); beyond: 503
 * @param overloadRetryAfter      Retry-After of those 503s
 * @param maxConnections          TCP connections the API connector accepts (1000); open SSE streams count
 * @param redisRetryPause         after Redis failed to count, requests are counted in-process this long
 */
public record AdmissionConfig(
        @NotNull @Min(1) Long perUserRequests,
        @NotNull @MinDuration(value = 1, unit = TimeUnit.SECONDS) Duration perUserWindow,
        @NotNull @Min(1) Long globalRequestsPerSecond,
        @NotNull @Min(1) Integer maxConcurrentRequests,
        @NotNull @MinDuration(value = 1, unit = TimeUnit.SECONDS) Duration overloadRetryAfter,
        @NotNull @Min(1) Integer maxConnections,
        @NotNull @MinDuration(value = 100, unit = TimeUnit.MILLISECONDS) Duration redisRetryPause) {

    public QuotaSettings perUser() {
        return new QuotaSettings(perUserRequests, SseConfig.java(perUserWindow));
    }
}
