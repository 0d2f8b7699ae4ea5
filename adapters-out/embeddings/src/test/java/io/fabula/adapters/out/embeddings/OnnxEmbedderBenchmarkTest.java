package io.fabula.adapters.out.embeddings;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/** Issue 8's benchmark: embeddings per second in-process ({@code -Dfabula.bench=true}). */
@EnabledIfSystemProperty(named = "fabula.bench", matches = "true")
class OnnxEmbedderBenchmarkTest {

    @Test
    void embeddings_per_second() {
        OnnxEmbedder embedder = new OnnxEmbedder();
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < 512; i++) {
            texts.add("Passage " + i + ": the keeper of the lighthouse hides a map of the drowned city, and the tide "
                    + "returns what it takes when the lamp goes out at midnight.");
        }
        embedder.embedAll(texts.subList(0, 32)); // warm up
        long start = System.nanoTime();
        for (String text : texts.subList(0, 128)) {
            embedder.embed(text);
        }
        double single = 128 / ((System.nanoTime() - start) / 1e9);
        start = System.nanoTime();
        for (int i = 0; i < texts.size(); i += 32) {
            embedder.embedAll(texts.subList(i, i + 32));
        }
        double batched = texts.size() / ((System.nanoTime() - start) / 1e9);
        System.out.printf("BENCH onnx embedder (%d cores): %.0f texts/s one at a time, %.0f texts/s in batches of 32 (~30 words each)%n",
                Runtime.getRuntime().availableProcessors(), single, batched);
        assertThat(batched).isPositive();
    }
}
