package io.fabula.adapters.out.milvus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
import io.milvus.v2.service.index.request.DescribeIndexReq;
import io.milvus.v2.service.index.response.DescribeIndexResp;
import io.milvus.v2.common.IndexParam;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

@WithInfra(Server.MILVUS)
class MilvusStoryMemoryIT {
    private static final String COLLECTION = "novel_embeddings_it_" + UUID.randomUUID().toString().replace("-", "");
    private static MilvusConnection connection;
    private static MilvusStoryMemory memory;

    @BeforeAll
    static void connect(Endpoints.Milvus milvus) {
        connection = new MilvusConnection(milvus.uri(), "", Duration.ofSeconds(10));
        memory = new MilvusStoryMemory(connection, new WordHashEmbedder(), COLLECTION);
    }

    @AfterAll
    static void drop() {
        connection.client().dropCollection(DropCollectionReq.builder().collectionName(COLLECTION).build());
        connection.close();
    }

    private static StoryBranch aBranch(NovelId novel) {
        return new StoryBranch(novel, new SessionId(UUID.randomUUID()));
    }

    private static Passage passage(String id, StoryBranch branch, String kind, String text) {
        return new Passage(id, branch, kind, "ref-" + id, text);
    }

    @Test
    void the_collection_has_an_hnsw_cosine_index_with_the_designs_parameters() {
        memory.ensureCollection();

        DescribeIndexResp.IndexDesc index = connection.client().describeIndex(DescribeIndexReq.builder()
                .collectionName(COLLECTION).fieldName("vector").build()).getIndexDescByFieldName("vector");
        assertThat(index.getIndexType()).isEqualTo(IndexParam.IndexType.HNSW);
        assertThat(index.getMetricType()).isEqualTo(IndexParam.MetricType.COSINE);
        assertThat(index.getExtraParams()).containsEntry("M", "32").containsEntry("efConstruction", "200");
    }

    @Test
    void search_returns_the_planted_passage_first() {
        StoryBranch branch = aBranch(new NovelId(UUID.randomUUID()));
        memory.upsert(List.of(
                passage("p-map", branch, "world", "a map drawn on the lighthouse wall shows the drowned city"),
                passage("p-storm", branch, "plot_node", "the storm breaks the lantern of the tower"),
                passage("p-mira", branch, "character", "Mira is the keeper's stubborn daughter")));

        List<Recollection> found = memory.search(MemoryQuery.inBranch("where is the map of the drowned city", branch, 3));

        assertThat(found).isNotEmpty();
        assertThat(found.get(0).passage().id()).isEqualTo("p-map");
        assertThat(found.get(0).passage().text()).isEqualTo("a map drawn on the lighthouse wall shows the drowned city");
        assertThat(found.get(0).passage().branch()).isEqualTo(branch);
        assertThat(found).extracting(Recollection::similarity).isSortedAccordingTo((a, b) -> Double.compare(b, a));
    }

    @Test
    void upserting_the_same_id_replaces_the_passage() {
        StoryBranch branch = aBranch(new NovelId(UUID.randomUUID()));
        memory.upsert(List.of(passage("p-world", branch, "world", "the sea is made of glass")));
        memory.upsert(List.of(passage("p-world", branch, "world", "the sea is made of ink")));

        List<Recollection> found = memory.search(MemoryQuery.inBranch("the sea is made of glass", branch, 10));

        assertThat(found).extracting(r -> r.passage().text()).containsExactly("the sea is made of ink");
    }

    @Test
    void filters_isolate_novels_branches_and_kinds() {
        NovelId novel = new NovelId(UUID.randomUUID());
        StoryBranch main = aBranch(novel);
        StoryBranch branch = aBranch(novel);
        StoryBranch otherNovel = aBranch(new NovelId(UUID.randomUUID()));
        String text = "the lantern goes dark at midnight";
        memory.upsert(List.of(
                passage("a-main", main, "plot_node", text),
                passage("a-branch", branch, "plot_node", text),
                passage("a-world", main, "world", text),
                passage("a-other", otherNovel, "plot_node", text)));

        assertThat(ids(MemoryQuery.inBranch(text, main, 10))).containsExactlyInAnyOrder("a-main", "a-world");
        assertThat(ids(MemoryQuery.inBranch(text, branch, 10))).containsExactly("a-branch");
        assertThat(ids(new MemoryQuery(text, novel, Optional.empty(), Set.of(), 10)))
                .containsExactlyInAnyOrder("a-main", "a-branch", "a-world");
        assertThat(ids(MemoryQuery.inBranch(text, main, 10).ofKinds(Set.of("plot_node")))).containsExactly("a-main");
        assertThat(ids(MemoryQuery.inBranch(text, otherNovel, 10))).containsExactly("a-other");
    }

    @Test
    void filter_values_that_could_change_the_expression_are_refused_before_they_reach_milvus() {
        assertThatThrownBy(() -> new MemoryQuery("x", new NovelId(UUID.randomUUID()), Optional.empty(),
                Set.of("world\" or novel_id != \""), 5)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> passage("id\" or 1==1", aBranch(new NovelId(UUID.randomUUID())), "world", "text"))
                .isInstanceOf(IllegalArgumentException.class);
        MemoryQuery query = new MemoryQuery("x", NovelId.of("01956a1e-0000-7000-8000-0000000000cc"),
                Optional.of(SessionId.of("01956a1e-0000-7000-8000-000000000001")), Set.of("world", "character"), 5);
        assertThat(MilvusStoryMemory.filter(query)).isEqualTo("novel_id == \"01956a1e-0000-7000-8000-0000000000cc\""
                + " and branch == \"01956a1e-0000-7000-8000-000000000001\" and kind in [\"character\", \"world\"]");
    }

    private static List<String> ids(MemoryQuery query) {
        return memory.search(query).stream().map(r -> r.passage().id()).toList();
    }
}
