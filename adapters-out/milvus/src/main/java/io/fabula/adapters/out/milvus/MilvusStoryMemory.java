package io.fabula.adapters.out.milvus;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.fabula.application.memory.Embedder;
import io.fabula.application.memory.MemoryQuery;
import io.fabula.application.memory.Passage;
import io.fabula.application.memory.Recollection;
import io.fabula.application.memory.StoryMemory;
import io.fabula.application.story.StoryBranch;
import io.fabula.domain.id.NovelId;
import io.fabula.domain.id.SessionId;
import io.milvus.v2.client.MilvusClientV2;
import io.milvus.v2.common.ConsistencyLevel;
import io.milvus.v2.common.DataType;
import io.milvus.v2.common.IndexParam;
import io.milvus.v2.service.collection.request.AddFieldReq;
import io.milvus.v2.service.collection.request.CreateCollectionReq;
import io.milvus.v2.service.collection.request.DropCollectionReq;
import io.milvus.v2.service.collection.request.HasCollectionReq;
import io.milvus.v2.service.collection.request.LoadCollectionReq;
import io.milvus.v2.service.index.request.CreateIndexReq;
import io.milvus.v2.service.utility.request.FlushReq;
import io.milvus.v2.service.vector.request.SearchReq;
import io.milvus.v2.service.vector.request.UpsertReq;
import io.milvus.v2.service.vector.request.data.FloatVec;
import io.milvus.v2.service.vector.response.SearchResp;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The story memory on Milvus (SPEC §5): collection {@code novel_embeddings} with the fields id, novel_id,
 * session_id, branch, kind, ref, text and vector, an HNSW index (M=32, efConstruction=200) with COSINE metric,
 * its dimension taken from the {@link Embedder}. The collection is created (and loaded) on first use, so a
 * Milvus that is down at start is picked up when it returns.
 *
 * <p>Filters are built only from values that match strict patterns ({@link NovelId} and {@link SessionId}
 * print as UUIDs, kinds as {@link Passage#KIND}), checked again right here before they reach the expression,
 * so no caller-controlled character can change its meaning.
 */
public final class MilvusStoryMemory implements StoryMemory {
    public static final String COLLECTION = "novel_embeddings";
    private static final Pattern FILTER_VALUE = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    /** Search breadth of HNSW; above the largest limit we allow (100) so the top results are stable. */
    private static final int EF = 128;

    private final MilvusConnection connection;
    private final Embedder embedder;
    private final String collection;
    private volatile boolean ready;

    public MilvusStoryMemory(MilvusConnection connection, Embedder embedder) {
        this(connection, embedder, COLLECTION);
    }

    /** With another collection name: tests and a blue/green {@code reindex} use their own. */
    public MilvusStoryMemory(MilvusConnection connection, Embedder embedder, String collection) {
        this.connection = Objects.requireNonNull(connection, "connection");
        this.embedder = Objects.requireNonNull(embedder, "embedder");
        this.collection = Objects.requireNonNull(collection, "collection");
    }

    /** Creates the collection, its index, and loads it, unless that was done. */
    public void ensureCollection() {
        if (ready) {
            return;
        }
        synchronized (this) {
            if (ready) {
                return;
            }
            MilvusClientV2 client = connection.client();
            if (!client.hasCollection(HasCollectionReq.builder().collectionName(collection).build())) {
                client.createCollection(CreateCollectionReq.builder().collectionName(collection)
                        .collectionSchema(schema(client)).build());
                client.createIndex(CreateIndexReq.builder().collectionName(collection).indexParams(List.of(
                        IndexParam.builder().fieldName("vector")
                                .indexType(IndexParam.IndexType.HNSW)
                                .metricType(IndexParam.MetricType.COSINE)
                                .extraParams(Map.of("M", 32, "efConstruction", 200))
                                .build())).build());
            }
            client.loadCollection(LoadCollectionReq.builder().collectionName(collection).build());
            ready = true;
        }
    }

    private CreateCollectionReq.CollectionSchema schema(MilvusClientV2 client) {
        CreateCollectionReq.CollectionSchema schema = client.createSchema();
        schema.addField(AddFieldReq.builder().fieldName("id").dataType(DataType.VarChar).maxLength(128)
                .isPrimaryKey(true).autoID(false).build());
        for (String field : List.of("novel_id", "session_id", "branch", "kind", "ref")) {
            schema.addField(AddFieldReq.builder().fieldName(field).dataType(DataType.VarChar).maxLength(128).build());
        }
        // VarChar lengths count bytes: 4 000 characters of UTF-8 need up to 16 000
        schema.addField(AddFieldReq.builder().fieldName("text").dataType(DataType.VarChar)
                .maxLength(Passage.MAX_TEXT * 4).build());
        schema.addField(AddFieldReq.builder().fieldName("vector").dataType(DataType.FloatVector)
                .dimension(embedder.dimension()).build());
        return schema;
    }

    @Override
    public void clear() {
        synchronized (this) {
            MilvusClientV2 client = connection.client();
            if (client.hasCollection(HasCollectionReq.builder().collectionName(collection).build())) {
                client.dropCollection(DropCollectionReq.builder().collectionName(collection).build());
            }
            ready = false;
            ensureCollection();
        }
    }

    @Override
    public void upsert(List<Passage> passages) {
        if (passages.isEmpty()) {
            return;
        }
        try {
            write(passages);
        } catch (RuntimeException e) {
            forgetReadiness();
            throw e;
        }
    }

    private void write(List<Passage> passages) {
        ensureCollection();
        List<float[]> vectors = embedder.embedAll(passages.stream().map(Passage::text).toList());
        List<JsonObject> rows = new ArrayList<>(passages.size());
        for (int i = 0; i < passages.size(); i++) {
            rows.add(row(passages.get(i), vectors.get(i)));
        }
        MilvusClientV2 client = connection.client();
        client.upsert(UpsertReq.builder().collectionName(collection).data(rows).build());
        // searchable on return, as the port promises (and milvus-lite searches unflushed data slowly)
        client.flush(FlushReq.builder().collectionNames(List.of(collection)).build());
    }

    private static JsonObject row(Passage passage, float[] vector) {
        JsonObject row = new JsonObject();
        row.addProperty("id", passage.id());
        row.addProperty("novel_id", passage.branch().novelId().toString());
        row.addProperty("session_id", passage.branch().sessionId().toString());
        row.addProperty("branch", passage.branch().sessionId().toString());
        row.addProperty("kind", passage.kind());
        row.addProperty("ref", passage.ref());
        row.addProperty("text", passage.text());
        JsonArray values = new JsonArray(vector.length);
        for (float value : vector) {
            values.add(value);
        }
        row.add("vector", values);
        return row;
    }

    @Override
    public List<Recollection> search(MemoryQuery query) {
        try {
            return find(query);
        } catch (RuntimeException e) {
            forgetReadiness();
            throw e;
        }
    }

    /**
     * After a failure the collection is ensured (and loaded) again on the next call: a Milvus that restarted
     * comes back with its collections released, and searching one that is not loaded fails until it is.
     */
    private void forgetReadiness() {
        ready = false;
    }

    private List<Recollection> find(MemoryQuery query) {
        ensureCollection();
        float[] vector = embedder.embed(query.text());
        SearchResp response = connection.client().search(SearchReq.builder().collectionName(collection)
                .annsField("vector")
                .data(List.of(new FloatVec(vector)))
                .filter(filter(query))
                .topK(query.limit())
                .searchParams(Map.of("ef", Math.max(EF, query.limit())))
                .consistencyLevel(ConsistencyLevel.STRONG)
                .outputFields(List.of("novel_id", "session_id", "branch", "kind", "ref", "text"))
                .build());
        List<Recollection> found = new ArrayList<>();
        for (SearchResp.SearchResult hit : response.getSearchResults().get(0)) {
            Map<String, Object> entity = hit.getEntity();
            StoryBranch branch = new StoryBranch(NovelId.of((String) entity.get("novel_id")),
                    SessionId.of((String) entity.get("branch")));
            Passage passage = new Passage(String.valueOf(hit.getId()), branch, (String) entity.get("kind"),
                    (String) entity.get("ref"), (String) entity.get("text"));
            found.add(new Recollection(passage, hit.getScore()));
        }
        return found;
    }

    /** The boolean expression of a query; every value is checked against {@link #FILTER_VALUE} first. */
    static String filter(MemoryQuery query) {
        StringBuilder expression = new StringBuilder("novel_id == ").append(quoted(query.novelId().toString()));
        query.branch().ifPresent(branch -> expression.append(" and branch == ").append(quoted(branch.toString())));
        if (!query.kinds().isEmpty()) {
            expression.append(" and kind in [")
                    .append(query.kinds().stream().sorted().map(MilvusStoryMemory::quoted).collect(Collectors.joining(", ")))
                    .append(']');
        }
        return expression.toString();
    }

    private static String quoted(String value) {
        if (!FILTER_VALUE.matcher(value).matches()) {
            throw new IllegalArgumentException("not a safe filter value: " + value);
        }
        return '"' + value + '"';
    }
}
