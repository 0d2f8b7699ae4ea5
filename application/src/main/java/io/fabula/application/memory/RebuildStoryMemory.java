package io.fabula.application.memory;

import io.fabula.application.port.out.EventArchive;
import io.fabula.domain.event.DomainEvent;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * {@code reindex}: forgets the story memory and rebuilds it from the events in PostgreSQL, so a backup need
 * not hold Milvus (SPEC §10) and a lost or corrupted collection is one command away from whole again.
 * Passages are upserted in batches; a later event replacing an earlier one's passage (a revision) wins,
 * exactly as it did when the events first arrived.
 */
public final class RebuildStoryMemory {
    private static final int PAGE = 500;

    private final EventArchive archive;
    private final StoryMemory memory;

    public RebuildStoryMemory(EventArchive archive, StoryMemory memory) {
        this.archive = Objects.requireNonNull(archive, "archive");
        this.memory = Objects.requireNonNull(memory, "memory");
    }

    /** What a rebuild read and wrote. */
    public record Report(long eventsRead, long passagesWritten) {
    }

    public Report run() {
        memory.clear();
        long read = 0;
        long written = 0;
        long after = 0;
        while (true) {
            EventArchive.Page page = archive.read(after, PAGE);
            if (page.isEmpty()) {
                return new Report(read, written);
            }
            // within a page, keep only the last passage per id: what the memory would end up holding anyway
            Map<String, Passage> latest = new LinkedHashMap<>();
            for (DomainEvent event : page.events()) {
                RememberStory.passageOf(event).ifPresent(passage -> {
                    latest.remove(passage.id());
                    latest.put(passage.id(), passage);
                });
            }
            List<Passage> passages = new ArrayList<>(latest.values());
            memory.upsert(passages);
            read += page.events().size();
            written += passages.size();
            after = page.last();
        }
    }
}
