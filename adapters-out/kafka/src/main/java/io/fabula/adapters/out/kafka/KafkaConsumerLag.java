package io.fabula.adapters.out.kafka;

import io.fabula.application.ops.ConsumerLag;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupListing;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/** {@link ConsumerLag} from the Kafka admin API: each group's committed offsets against the partitions' end offsets. */
public final class KafkaConsumerLag implements ConsumerLag {
    private final Admin admin;
    private final Duration timeout;

    public KafkaConsumerLag(Admin admin, Duration timeout) {
        this.admin = Objects.requireNonNull(admin, "admin");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
    }

    @Override
    public Map<String, Map<String, Long>> lagByGroupAndTopic() {
        try {
            Map<String, Map<String, Long>> lag = new TreeMap<>();
            for (ConsumerGroupListing group : admin.listConsumerGroups().all().get(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group.groupId())
                        .partitionsToOffsetAndMetadata().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
                committed.values().removeIf(Objects::isNull);
                if (committed.isEmpty()) {
                    continue;
                }
                Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends = admin.listOffsets(committed.keySet()
                        .stream().collect(Collectors.toMap(partition -> partition, partition -> OffsetSpec.latest())))
                        .all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
                Map<String, Long> byTopic = new TreeMap<>();
                committed.forEach((partition, offset) -> byTopic.merge(partition.topic(),
                        Math.max(0, ends.get(partition).offset() - offset.offset()), Long::sum));
                lag.put(group.groupId(), byTopic);
            }
            return lag;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading consumer lag", e);
        } catch (Exception e) {
            throw new IllegalStateException("Kafka did not answer the consumer lag query: " + e.getMessage(), e);
        }
    }
}
