package io.fabula.adapters.out.embeddings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class OnnxEmbedderTest {
    private static OnnxEmbedder embedder;

    @BeforeAll
    static void load_the_model_once() {
        embedder = new OnnxEmbedder();
    }

    @Test
    void the_same_text_gives_the_same_vector_of_384_unit_length_components() {
        float[] first = embedder.embed("The lighthouse keeper hides a map of the drowned city.");
        float[] second = embedder.embed("The lighthouse keeper hides a map of the drowned city.");

        assertThat(first).hasSize(384).containsExactly(second);
        assertThat(Vectors.cosine(first, first)).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-5));
        double length = 0;
        for (float v : first) {
            length += v * v;
        }
        assertThat(length).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-4));
    }

    @Test
    void similar_sentences_are_closer_than_unrelated_ones() {
        List<float[]> vectors = embedder.embedAll(List.of(
                "A sword-fighter seeks revenge for her murdered brother.",
                "The swordswoman wants to avenge her brother's death.",
                "Quarterly tax returns are due at the end of the month."));

        double similar = Vectors.cosine(vectors.get(0), vectors.get(1));
        double unrelated = Vectors.cosine(vectors.get(0), vectors.get(2));

        assertThat(similar).isGreaterThan(unrelated + 0.3);
    }

    @Test
    void embedding_a_batch_gives_the_same_vectors_as_one_at_a_time() {
        List<float[]> batch = embedder.embedAll(List.of("a storm at sea", "a quiet library"));

        assertThat(batch.get(1)).containsExactly(embedder.embed("a quiet library"));
    }

    @Test
    void refuses_blank_text() {
        assertThatThrownBy(() -> embedder.embed("  ")).isInstanceOf(IllegalArgumentException.class);
    }
}
