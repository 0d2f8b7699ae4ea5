package io.fabula.application.memory;

import java.util.Objects;

/** A passage the memory found, with its cosine similarity to the query (1 = same meaning). */
public record Recollection(Passage passage, double similarity) {
    public Recollection {
        Objects.requireNonNull(passage, "passage");
    }
}
