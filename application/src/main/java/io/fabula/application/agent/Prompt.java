package io.fabula.application.agent;

import java.util.Objects;

/** The two messages of a chat completion: the instructions ({@code system}) and the task ({@code user}). */
public record Prompt(String system, String user) {
    public Prompt {
        Objects.requireNonNull(system, "system");
        if (user == null || user.isBlank()) {
            throw new IllegalArgumentException("the user message must not be blank");
        }
    }

    /** The size of the prompt in characters, for {@code agent_runs} and token estimates. */
    public int length() {
        return system.length() + user.length();
    }
}
