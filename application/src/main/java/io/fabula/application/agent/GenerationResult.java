package io.fabula.application.agent;

import io.fabula.domain.failure.Failure;

import java.util.Objects;

/** How one {@link TextGenerator#generate} call ended: the text, or a classified failure. Both carry the usage. */
public sealed interface GenerationResult {

    TokenUsage usage();

    /**
     * The model finished.
     *
     * @param truncated {@code true} when it stopped at the request's {@code maxTokens}, so the text may be cut short
     */
    record Generated(String text, TokenUsage usage, boolean truncated) implements GenerationResult {
        public Generated {
            Objects.requireNonNull(text, "text");
            Objects.requireNonNull(usage, "usage");
        }
    }

    /**
     * The call failed; {@code failure} is RateLimited, Transient or Validation (see {@link TextGenerator}).
     *
     * @param partialText what had been streamed before the failure (to discard; usage still counts it)
     */
    record Failed(Failure failure, String partialText, TokenUsage usage) implements GenerationResult {
        public Failed {
            Objects.requireNonNull(failure, "failure");
            Objects.requireNonNull(partialText, "partial text");
            Objects.requireNonNull(usage, "usage");
        }
    }
}
