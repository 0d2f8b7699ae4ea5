package io.fabula.application.session;

import io.fabula.domain.session.SessionCommand;

/**
 * Input limits an operator can tighten below the domain's hard ones (YAML, per environment).
 *
 * @param maxTextLength the longest seed, message, hint, feedback or reason a writer may send, in characters
 */
public record CommandLimits(int maxTextLength) {
    public CommandLimits {
        if (maxTextLength < 1 || maxTextLength > SessionCommand.MAX_TEXT_LENGTH) {
            throw new IllegalArgumentException("maxTextLength must be within 1.." + SessionCommand.MAX_TEXT_LENGTH);
        }
    }

    public static CommandLimits defaults() {
        return new CommandLimits(SessionCommand.MAX_TEXT_LENGTH);
    }
}
