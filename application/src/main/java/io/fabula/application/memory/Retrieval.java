package io.fabula.application.memory;

import java.util.List;
import java.util.Objects;

/** Retrieval context for a prompt: passages found, or none because retrieval was skipped (SPEC §8: Milvus down). */
public sealed interface Retrieval {

    List<Recollection> passages();

    record Found(List<Recollection> passages) implements Retrieval {
        public Found {
            passages = List.copyOf(passages);
        }
    }

    record Skipped(String reason) implements Retrieval {
        public Skipped {
            Objects.requireNonNull(reason, "reason");
        }

        @Override
        public List<Recollection> passages() {
            return List.of();
        }
    }
}
