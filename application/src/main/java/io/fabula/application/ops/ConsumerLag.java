package io.fabula.application.ops;

import java.util.Map;

/** How far each consumer group is behind, summed per topic (Kafka end offsets minus committed offsets). */
public interface ConsumerLag {

    /** group → (topic → lag); throws when Kafka cannot be asked. */
    Map<String, Map<String, Long>> lagByGroupAndTopic();
}
