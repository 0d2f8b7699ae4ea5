package io.fabula.adapters.out.embeddings;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;
import io.fabula.application.memory.Embedder;
import java.util.ArrayList;
import java.util.List;

/**
 * The default {@link Embedder}: all-MiniLM-L6-v2 (quantised) run in-process by onnxruntime. The model
 * and its tokenizer are resources of a Maven artifact, so nothing is downloaded at run time and the
 * same jar gives the same vectors everywhere. 384 dimensions; English-centred (texts longer than the
 * model's 256 word pieces are split and averaged by the library).
 *
 * <p>Loading the model takes about a second and ~100 MB of native memory: create one per process.
 */
public final class OnnxEmbedder implements Embedder {
    public static final String MODEL = "all-minilm-l6-v2-q";
    private static final int DIMENSION = 384;

    private final EmbeddingModel model;

    public OnnxEmbedder() {
        this.model = new AllMiniLmL6V2QuantizedEmbeddingModel();
    }

    @Override
    public int dimension() {
        return DIMENSION;
    }

    @Override
    public String model() {
        return MODEL;
    }

    @Override
    public List<float[]> embedAll(List<String> texts) {
        List<TextSegment> segments = new ArrayList<>(texts.size());
        for (String text : texts) {
            segments.add(TextSegment.from(Vectors.requireText(text)));
        }
        List<Embedding> embeddings = model.embedAll(segments).content();
        List<float[]> vectors = new ArrayList<>(embeddings.size());
        for (Embedding embedding : embeddings) {
            vectors.add(Vectors.normalised(embedding.vector(), DIMENSION));
        }
        return vectors;
    }
}
