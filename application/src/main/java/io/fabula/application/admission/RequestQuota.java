package io.fabula.application.admission;

/**
 * Per-writer request quota (SPEC §7: 60 requests per 60 s). Implementations share the count across
 * instances (Redis) or keep it in-process (the fallback while Redis is down).
 */
public interface RequestQuota {

    /**
     * Counts one request of {@code subject} (a user id, or {@code ip:<address>} for anonymous calls).
     *
     * @throws QuotaUnavailable when the shared counter cannot be reached (the caller falls back)
     */
    QuotaDecision take(String subject);
}
