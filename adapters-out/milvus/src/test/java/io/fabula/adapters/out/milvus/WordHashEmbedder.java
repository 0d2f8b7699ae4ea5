package io.fabula.adapters.out.milvus;

import io.fabula.application.memory.Embedder;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A deterministic stand-in for a real model in the memory's tests: a bag of words hashed into 384
 * dimensions, so texts sharing words are close and texts sharing none are orthogonal. The real model is
 * tested in the embeddings module; here only Milvus is under test.
 */
final class WordHashEmbedder implements Embedder {
    @Override
    public int dimension() {
        return 384;
    }

    @Override
    public String model() {
        return "word-hash";
    }

    @Override
    public List<float[]> embedAll(List<String> texts) {
        List<float[]> vectors = new ArrayList<>();
        for (String text : texts) {
            float[] vector = new float[384];
            for (String word : text.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+")) {
                if (!word.isEmpty()) {
                    vector[Math.floorMod(word.hashCode(), 384)] += 1f;
                }
            }
            double norm = 0;
            for (float v : vector) {
                norm += v * v;
            }
            for (int i = 0; i < vector.length; i++) {
                vector[i] = (float) (vector[i] / Math.sqrt(norm));
            }
            vectors.add(vector);
        }
        return vectors;
    }
}
