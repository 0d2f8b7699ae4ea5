package io.fabula.adapters.out.kafka;

import io.fabula.application.orchestration.Capability;
import io.fabula.application.port.out.Outbox;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.CreateTopicsOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * Creates Fabula's topics at start (SPEC §3): {@code genesis.session.events}, every capability's
 * {@code .tasks} and {@code .events}, and a {@code .DLT} for each of them. Idempotent: topics that exist
 * are left as they are (their partition count is not changed: that would move keys between partitions).
 */
public final class KafkaTopics {
    public static final String DLT_SUFFIX = ".DLT";

    private final Admin admin;
    private final Duration timeout;

    public KafkaTopics(Admin admin, Duration timeout) {
        this.admin = Objects.requireNonNull(admin, "admin");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
    }

    /** Every topic Fabula uses, main topics first, then their dead-letter topics. */
    public static List<String> names() {
        List<String> main = new ArrayList<>();
        main.add(Outbox.SESSION_EVENTS);
        for (Capability capability : Capability.values()) {
            main.add(capability.taskTopic());
            main.add(capability.resultTopic());
        }
        List<String> all = new ArrayList<>(main);
        main.forEach(topic -> all.add(topic + DLT_SUFFIX));
        return List.copyOf(all);
    }

    /**
     * Creates those of {@code topics} that do not exist yet.
     *
     * @return the topics created now (empty when all existed)
     * @throws IllegalStateException when Kafka does not answer within the timeout or refuses a topic
     */
    public List<String> ensure(List<String> topics, int partitions, short replicationFactor) {
        long timeoutMs = timeout.toMillis();
        try {
            Set<String> existing = admin.listTopics().names().get(timeoutMs, TimeUnit.MILLISECONDS);
            List<NewTopic> missing = topics.stream().filter(topic -> !existing.contains(topic))
                    .map(topic -> new NewTopic(topic, partitions, replicationFactor)).toList();
            if (missing.isEmpty()) {
                return List.of();
            }
            List<String> created = new ArrayList<>();
            var results = admin.createTopics(missing, new CreateTopicsOptions().timeoutMs((int) timeoutMs)).values();
            for (var result : results.entrySet()) {
                if (createdNow(result.getValue(), timeoutMs)) {
                    created.add(result.getKey());
                }
            }
            return List.copyOf(created);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating Kafka topics", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot create Kafka topics: " + e.getMessage(), e);
        }
    }

    private static boolean createdNow(KafkaFuture<Void> creation, long timeoutMs)
            throws InterruptedException, ExecutionException, TimeoutException {
        try {
            creation.get(timeoutMs, TimeUnit.MILLISECONDS);
            return true;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof TopicExistsException) {
                return false; // another process created it in between: fine
            }
            throw e;
        }
    }
}
