package io.fabula.app.config;

import io.fabula.application.session.CommandLimits;
import io.fabula.domain.session.SessionCommand;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

/**
 * Limits on what a writer may send in one command, below the domain's hard ceiling.
 *
 * @param maxTextLength the longest seed, message, hint, feedback or reason, in characters; a longer one
 *                      is refused as a Validation failure that names the limit
 */
public record CommandsConfig(@NotNull @Min(1) @Max(SessionCommand.MAX_TEXT_LENGTH) Integer maxTextLength) {

    public CommandLimits limits() {
        return new CommandLimits(maxTextLength);
    }
}
