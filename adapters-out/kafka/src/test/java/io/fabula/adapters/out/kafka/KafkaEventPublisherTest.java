package io.fabula.adapters.out.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class KafkaEventPublisherTest {

    @Test
    void configured_properties_cannot_weaken_idempotence_or_acks() {
        Map<String, Object> properties = KafkaEventPublisher.producerProperties(Map.of(
                "bootstrap.servers", "broker:9092", "acks", "1", "enable.idempotence", false,
                "max.in.flight.requests.per.connection", 50, "security.protocol", "SASL_SSL"));

        assertThat(properties)
                .containsEntry("acks", "all")
                .containsEntry("enable.idempotence", true)
                .containsEntry("max.in.flight.requests.per.connection", 5)
                .containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("bootstrap.servers", "broker:9092");
    }

    @Test
    void a_broker_that_cannot_take_a_record_now_is_retriable_a_record_it_refuses_is_not() {
        assertThat(KafkaEventPublisher.retriable(new org.apache.kafka.common.errors.TimeoutException("no metadata"))).isTrue();
        assertThat(KafkaEventPublisher.retriable(new java.util.concurrent.ExecutionException(
                new org.apache.kafka.common.errors.NotEnoughReplicasException("isr")))).isTrue();
        assertThat(KafkaEventPublisher.retriable(new org.apache.kafka.common.errors.RecordTooLargeException("2 MB"))).isFalse();
        assertThat(KafkaEventPublisher.retriable(new IllegalStateException("producer closed"))).isFalse();
    }
}
