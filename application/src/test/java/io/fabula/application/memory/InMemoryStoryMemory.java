package io.fabula.application.memory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The story memory as a map by passage id; search answers every passage of the novel (no meaning, no order). */
class InMemoryStoryMemory implements StoryMemory {
    final Map<String, Passage> passages = new LinkedHashMap<>();
    int upserts;
    int clears;

    @Override
    public void upsert(List<Passage> batch) {
        upserts++;
        batch.forEach(passage -> passages.put(passage.id(), passage));
    }

    @Override
    public List<Recollection> search(MemoryQuery query) {
        List<Recollection> found = new ArrayList<>();
        passages.values().stream().filter(p -> p.branch().novelId().equals(query.novelId()))
                .forEach(p -> found.add(new Recollection(p, 1.0)));
        return found;
    }

    @Override
    public void clear() {
        clears++;
        passages.clear();
    }
}
