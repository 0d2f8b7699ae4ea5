package io.fabula.app.wiring;

import io.dropwizard.lifecycle.Managed;
import io.fabula.adapters.in.kafka.EventStreamConsumer;
import io.fabula.application.memory.RememberStory;
import io.fabula.application.port.out.Outbox;
import io.fabula.application.switches.Switch;
import io.fabula.application.switches.Switches;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Keeps the story graph and the story memory in step with the sessions: two consumer groups on
 * {@code genesis.session.events}, one per store, so Milvus being down does not hold the graph back (or the
 * reverse). Each retries its event until its store takes it, then moves on: derived data catches up by itself.
 */
public final class StoryProjection implements Managed {
    public static final String GRAPH_GROUP = "fabula-story-graph";
    public static final String MEMORY_GROUP = "fabula-story-memory";

    private final List<EventStreamConsumer> consumers = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();

    public StoryProjection(Story story, Switches switches, Map<String, Object> kafka, Clients clients) {
        RememberStory remember = new RememberStory(story.memory(), () -> switches.isOn(Switch.EMBEDDING_ENABLED));
        consumers.add(new EventStreamConsumer("story-graph", kafka, GRAPH_GROUP, Outbox.SESSION_EVENTS,
                event -> story.graph().project(event), clients.metrics()));
        consumers.add(new EventStreamConsumer("story-memory", kafka, MEMORY_GROUP, Outbox.SESSION_EVENTS,
                remember::handle, clients.metrics()));
    }

    @Override
    public void start() {
        for (EventStreamConsumer consumer : consumers) {
            Thread thread = new Thread(consumer, "fabula-story-projection-" + threads.size());
            thread.setDaemon(true);
            thread.start();
            threads.add(thread);
        }
    }

    @Override
    public void stop() throws InterruptedException {
        consumers.forEach(EventStreamConsumer::close);
        for (Thread thread : threads) {
            thread.join(10_000);
        }
    }
}
