package io.fabula.adapters.out.milvus;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.fabula.infra.Endpoints;
import io.fabula.testsupport.Server;
import io.fabula.testsupport.WithInfra;
import io.milvus.v2.client.ConnectConfig;
import io.milvus.v2.client.MilvusClientV2;
import io.milvus.v2.common.DataType;
import io.milvus.v2.common.IndexParam;
import io.milvus.v2.service.collection.request.AddFieldReq;
import io.milvus.v2.service.collection.request.CreateCollectionReq;
import io.milvus.v2.service.collection.request.DropCollectionReq;
import io.milvus.v2.service.collection.request.LoadCollectionReq;
import io.milvus.v2.service.index.request.CreateIndexReq;
import io.milvus.v2.service.index.request.DescribeIndexReq;
import io.milvus.v2.service.vector.request.InsertReq;
import io.milvus.v2.service.vector.request.SearchReq;
import io.milvus.v2.service.vector.request.data.FloatVec;
import io.milvus.v2.service.vector.response.SearchResp;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@WithInfra(Server.MILVUS)
class MilvusRoundTripIT {
    private static final int DIMENSION = 384;

    @Test
    void a_filtered_vector_search_on_an_hnsw_cosine_index_finds_the_nearest_passage_of_the_novel(
            Endpoints.Milvus milvus) {
        MilvusClientV2 client = new MilvusClientV2(ConnectConfig.builder()
                .uri(milvus.uri()).connectTimeoutMs(10_000).build());
        String collection = "round_trip_" + UUID.randomUUID().toString().replace("-", "");
        try {
            client.createCollection(CreateCollectionReq.builder()
                    .collectionName(collection).collectionSchema(schema(client)).build());
            client.createIndex(CreateIndexReq.builder().collectionName(collection).indexParams(List.of(
                    IndexParam.builder().fieldName("vector")
                            .indexType(IndexParam.IndexType.HNSW)
                            .metricType(IndexParam.MetricType.COSINE)
                            .extraParams(Map.of("M", 32, "efConstruction", 200))
                            .build())).build());
            client.insert(InsertReq.builder().collectionName(collection).data(List.of(
                    row("a", "n1", "concept", "a drowned city that remembers", axis(1)),
                    row("b", "n1", "concept", "a map drawn on a lighthouse wall", axis(2)),
                    row("c", "n1", "scene", "the storm breaks the lantern", axis(3)),
                    row("d", "n2", "concept", "another novel entirely", axis(3)))).build());
            client.loadCollection(LoadCollectionReq.builder().collectionName(collection).build());

            float[] query = axis(3);
            query[2] += 0.3f; // closest to c and d, then b: but c is a scene and d another novel
            SearchResp response = client.search(SearchReq.builder().collectionName(collection)
                    .annsField("vector")
                    .data(List.of(new FloatVec(query)))
                    .filter("novel_id == \"n1\" and kind == \"concept\"")
                    .topK(3)
                    .searchParams(Map.of("ef", 64))
                    .outputFields(List.of("text"))
                    .build());

            List<SearchResp.SearchResult> hits = response.getSearchResults().get(0);
            assertThat(hits).extracting(SearchResp.SearchResult::getId).containsExactly("b", "a");
            assertThat(hits.get(0).getEntity().get("text")).isEqualTo("a map drawn on a lighthouse wall");
            assertThat(client.describeIndex(DescribeIndexReq.builder().collectionName(collection)
                            .fieldName("vector").build()).getIndexDescByFieldName("vector").getIndexType())
                    .isEqualTo(IndexParam.IndexType.HNSW);
        } finally {
            client.dropCollection(DropCollectionReq.builder().collectionName(collection).build());
            client.close();
        }
    }

    private static CreateCollectionReq.CollectionSchema schema(MilvusClientV2 client) {
        CreateCollectionReq.CollectionSchema schema = client.createSchema();
        schema.addField(AddFieldReq.builder().fieldName("id").dataType(DataType.VarChar).maxLength(128)
                .isPrimaryKey(true).autoID(false).build());
        for (String field : List.of("novel_id", "session_id", "kind", "ref")) {
            schema.addField(AddFieldReq.builder().fieldName(field).dataType(DataType.VarChar).maxLength(256).build());
        }
        schema.addField(AddFieldReq.builder().fieldName("text").dataType(DataType.VarChar).maxLength(8192).build());
        schema.addField(AddFieldReq.builder().fieldName("vector").dataType(DataType.FloatVector)
                .dimension(DIMENSION).build());
        return schema;
    }

    private static JsonObject row(String id, String novelId, String kind, String text, float[] vector) {
        JsonObject row = new JsonObject();
        row.addProperty("id", id);
        row.addProperty("novel_id", novelId);
        row.addProperty("session_id", "s-" + novelId);
        row.addProperty("kind", kind);
        row.addProperty("ref", "ref-" + id);
        row.addProperty("text", text);
        JsonArray values = new JsonArray();
        for (float value : vector) {
            values.add(value);
        }
        row.add("vector", values);
        return row;
    }

    /** A unit vector along one axis: cosine similarity between two of them is 0, with itself 1. */
    private static float[] axis(int index) {
        float[] vector = new float[DIMENSION];
        vector[index] = 1f;
        return vector;
    }
}
