package io.fabula.adapters.out.milvus;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabula.application.memory.MemoryQuery;
import io.fabula.application.memory.Passage;
import io.fabula.application.memory.Recollection;
import io.fabula.application.story.StoryBranch;
import io.fabula.domain.id.NovelId;
import io.fabula.domain.id.SessionId;
import io.fabula.infra.Endpoints;
import io.fabula.testsupport.Server;
import io.fabula.testsupport.WithInfra;
import io.milvus.v2.service.collection.request.DropCollectionReq;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Issue 8's benchmark: insert rate and filtered search latency at 100 000 vectors
 * ({@code -Dfabula.bench=true}, size with {@code -Dfabula.bench.vectors=N}).
 */
@WithInfra(Server.MILVUS)
@EnabledIfSystemProperty(named = "fabula.bench", matches = "true")
class StoryMemoryBenchmarkIT {

    @Test
    void insert_rate_and_search_latency(Endpoints.Milvus milvus) {
        int total = Integer.getInteger("fabula.bench.vectors", 100_000);
        String collection = "novel_embeddings_bench_" + UUID.randomUUID().toString().replace("-", "");
        try (MilvusConnection connection = new MilvusConnection(milvus.uri(), "", Duration.ofSeconds(60))) {
            MilvusStoryMemory memory = new MilvusStoryMemory(connection, new WordHashEmbedder(), collection);
            Random random = new Random(42);
            List<StoryBranch> branches = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                branches.add(new StoryBranch(new NovelId(UUID.randomUUID()), new SessionId(UUID.randomUUID())));
            }
            long insertStart = System.nanoTime();
            int batch = 1_000;
            for (int offset = 0; offset < total; offset += batch) {
                List<Passage> passages = new ArrayList<>(batch);
                for (int i = offset; i < Math.min(total, offset + batch); i++) {
                    passages.add(new Passage("p-" + i, branches.get(i % branches.size()), i % 3 == 0 ? "world" : "plot_node",
                            "r-" + i, sentence(random)));
                }
                memory.upsert(passages);
            }
            double insertSeconds = (System.nanoTime() - insertStart) / 1e9;

            StoryBranch target = branches.get(7);
            memory.upsert(List.of(new Passage("planted", target, "world", "r-planted",
                    "the lighthouse keeper hides a map of the drowned city")));
            int runs = 100;
            double[] ms = new double[runs];
            for (int i = -10; i < runs; i++) {
                long start = System.nanoTime();
                List<Recollection> found = memory.search(MemoryQuery.inBranch(i % 2 == 0
                        ? "where is the map of the drowned city" : sentence(random), target, 10));
                if (i >= 0) {
                    ms[i] = (System.nanoTime() - start) / 1e6;
                }
                if (i % 2 == 0) {
                    assertThat(found.get(0).passage().id()).isEqualTo("planted");
                }
            }
            Arrays.sort(ms);
            System.out.printf("BENCH story memory: %d vectors inserted in %.1f s (%.0f/s, batches of %d, flushed); "
                            + "filtered top-10 search p50 %.1f ms, p95 %.1f ms, max %.1f ms (%d runs, includes embedding the query)%n",
                    total, insertSeconds, total / insertSeconds, batch, ms[runs / 2], ms[(int) Math.ceil(runs * 0.95) - 1],
                    ms[runs - 1], runs);
            connection.client().dropCollection(DropCollectionReq.builder().collectionName(collection).build());
        }
    }

    private static final String[] WORDS = ("tide storm lantern keeper harbour tower salt glass ink river crown sword "
            + "oath brother sister winter ash ember mirror letter ship anchor bell garden stone bridge wolf raven "
            + "fog mask queen thief debt song grave key door fever").split(" ");

    private static String sentence(Random random) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 10; i++) {
            text.append(WORDS[random.nextInt(WORDS.length)]).append(random.nextInt(200)).append(' ');
        }
        return text.toString().strip();
    }
}
