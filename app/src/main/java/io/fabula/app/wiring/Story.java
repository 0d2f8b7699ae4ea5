package io.fabula.app.wiring;

import io.dropwizard.jersey.setup.JerseyEnvironment;
import io.dropwizard.lifecycle.Managed;
import io.fabula.adapters.in.http.story.StoryGraphResource;
import io.fabula.adapters.in.http.story.StorySearchResource;
import io.fabula.application.story.ExploreStory;
import io.fabula.domain.quality.QualityConfig;
import io.dropwizard.lifecycle.setup.LifecycleEnvironment;
import io.fabula.adapters.out.embeddings.OnnxEmbedder;
import io.fabula.adapters.out.embeddings.OpenAiEmbedder;
import io.fabula.adapters.out.milvus.BreakingStoryMemory;
import io.fabula.adapters.out.milvus.MilvusStoryMemory;
import io.fabula.adapters.out.neo4j.BreakingStoryGraph;
import io.fabula.adapters.out.neo4j.Neo4jStoryGraph;
import io.fabula.app.config.EmbeddingsConfig;
import io.fabula.app.config.MilvusConfig;
import io.fabula.app.config.StoryConfig;
import io.fabula.application.memory.Embedder;
import io.fabula.application.memory.RecallPassages;
import io.fabula.application.memory.StoryMemory;
import io.fabula.application.story.StoryGraph;
import io.fabula.application.story.ValidateStoryGraph;
import io.fabula.application.switches.Switch;
import io.fabula.application.switches.Switches;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The story graph (Neo4j) and the story memory (Milvus, fed by the embedder), each behind its circuit breaker,
 * and the two use cases agents and the API call: {@link #validate()} and {@link #recall()}, which skip
 * instead of failing when a switch is off or a server is down (SPEC §8).
 */
public record Story(StoryGraph graph, StoryMemory memory, Embedder embedder, ValidateStoryGraph validate,
                    RecallPassages recall, BreakingStoryGraph graphBreaker, BreakingStoryMemory memoryBreaker) {
    private static final Logger LOG = LoggerFactory.getLogger(Story.class);

    public static Story wire(Clients clients, StoryConfig config, EmbeddingsConfig embeddings, MilvusConfig milvus,
                             Switches switches, LifecycleEnvironment lifecycle) {
        if (!embeddings.dimension().equals(milvus.dimension())) {
            throw new IllegalArgumentException("embeddings.dimension (" + embeddings.dimension()
                    + ") must equal milvus.dimension (" + milvus.dimension() + "): the collection stores the model's vectors");
        }
        Embedder embedder = embedder(embeddings);
        Neo4jStoryGraph neo4j = new Neo4jStoryGraph(clients.neo4j());
        MilvusStoryMemory milvusMemory = new MilvusStoryMemory(clients.milvus(), embedder, milvus.collection());
        BreakingStoryGraph graph = new BreakingStoryGraph(neo4j, config.breaker());
        BreakingStoryMemory memory = new BreakingStoryMemory(milvusMemory, config.breaker());
        lifecycle.manage(new Managed() {
            @Override
            public void start() {
                // best effort: a server that is down now is picked up later (constraints and collection are idempotent)
                try {
                    neo4j.ensureSchema();
                } catch (RuntimeException e) {
                    LOG.warn("story graph schema not ensured at start (Neo4j unreachable?): {}", e.toString());
                }
                try {
                    milvusMemory.ensureCollection();
                } catch (RuntimeException e) {
                    LOG.warn("story memory collection not ensured at start (Milvus unreachable?): {}", e.toString());
                }
            }
        });
        return new Story(graph, memory, embedder,
                new ValidateStoryGraph(graph, () -> switches.isOn(Switch.GRAPH_VALIDATION_ENABLED)),
                new RecallPassages(memory, () -> switches.isOn(Switch.VECTOR_SEARCH_ENABLED)),
                graph, memory);
    }

    /** {@code GET …/graph/validation} and {@code GET …/search} of the public API (SPEC §6). */
    public void registerResources(CommandPath commandPath, JerseyEnvironment jersey) {
        ExploreStory explore = new ExploreStory(commandPath.queries(), validate, recall);
        jersey.register(new StoryGraphResource(explore, QualityConfig.defaults()));
        jersey.register(new StorySearchResource(explore));
    }

    public static Embedder embedder(EmbeddingsConfig config) {
        return switch (config.provider()) {
            case ONNX -> new OnnxEmbedder();
            case OPENAI -> new OpenAiEmbedder(config.baseUrl(), config.apiKey(), config.model(), config.dimension(),
                    Duration.ofMillis(config.timeout().toMilliseconds()));
        };
    }
}
