package io.fabula.application.agent;

/**
 * Writes text with a large language model, streaming it token by token: the port every agent worker
 * calls (SPEC §3 step 4). Adapters: an OpenAI-compatible HTTP endpoint for production, a deterministic
 * offline generator for dev and tests (never substituted silently: which one runs is configuration).
 *
 * <p>Contract for implementations:
 * <ul>
 *   <li><b>Streaming:</b> every piece of text is handed to the {@link TokenListener} as soon as it arrives,
 *       in order, on the calling thread; the concatenation of all deltas equals the final text.</li>
 *   <li><b>Total:</b> {@link #generate} never throws for a failure of the model or the network. Every failure
 *       comes back as {@link GenerationResult.Failed} whose {@link io.fabula.domain.failure.Failure} is one of
 *       the taxonomy's kinds, so the caller's retry and dead-letter routing is a lookup
 *       ({@link io.fabula.domain.failure.RetryPolicy}):
 *       <ul>
 *         <li>{@code RateLimited} (with the Retry-After the provider asked for) — the provider throttled us;</li>
 *         <li>{@code Transient} — timeout, connection refused or dropped, 5xx, a stream that ended before
 *             the provider said it was complete, an answer that could not be read;</li>
 *         <li>{@code Validation} — the provider refused the request itself (any other 4xx: bad model, bad key,
 *             prompt too long): retrying the same request cannot help;</li>
 *         <li>{@code BudgetExceeded} and {@code FeatureDisabled} are decided before the call, by the budget
 *             breaker and the {@code LLM_ENABLED} switch, not by the adapters.</li>
 *       </ul>
 *       Text streamed before a failure is not taken back: {@link GenerationResult.Failed#partialText()} holds it
 *       and the caller discards it (a retry streams from the start).</li>
 *   <li><b>Bounded:</b> it returns within the adapter's timeouts (connect, and the longest silence between two
 *       deltas), also when the provider hangs. An interrupt ends it early as a {@code Transient} failure with the
 *       thread's interrupt flag set again.</li>
 *   <li><b>Accounted:</b> every result, successful or not, carries the {@link TokenUsage} of the call, so each
 *       call can be recorded in {@code agent_runs} and charged to the budget.</li>
 *   <li><b>Not idempotent:</b> a model may answer the same request differently (and bill it twice); the offline
 *       generator is the exception, deterministic by design. Callers deduplicate tasks, not calls.</li>
 *   <li><b>Thread-safe:</b> one instance serves concurrent calls from several workers.</li>
 * </ul>
 */
public interface TextGenerator {

    /**
     * Generates the answer to one request, streaming it to {@code tokens}.
     *
     * @return {@link GenerationResult.Generated} with the whole text and its usage, or
     *         {@link GenerationResult.Failed} with the classified failure; never {@code null}
     */
    GenerationResult generate(GenerationRequest request, TokenListener tokens);
}
