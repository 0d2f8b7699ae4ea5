package io.fabula.adapters.out.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabula.codec.EventEnvelopeCodec;
import io.fabula.domain.id.EventId;
import io.fabula.infra.Endpoints;
import io.fabula.testsupport.Server;
import io.fabula.testsupport.WithInfra;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

@WithInfra(Server.POSTGRES)
class ProcessedEventsIT {

    @Test
    void an_event_is_new_to_a_group_once_even_when_redelivered_concurrently_and_new_to_every_other_group(
            Endpoints.Postgres server) throws Exception {
        JdbiUnitOfWork unitOfWork = new JdbiUnitOfWork(FreshDatabase.migrated(server).jdbi(), new EventEnvelopeCodec());
        EventId event = new EventId(UUID.randomUUID());
        ExecutorService threads = Executors.newFixedThreadPool(6);
        try {
            CountDownLatch gate = new CountDownLatch(1);
            List<Future<Boolean>> answers = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                answers.add(threads.submit(() -> {
                    gate.await();
                    return unitOfWork.transact(stores -> stores.processedEvents().firstTime("orchestrator", event));
                }));
            }
            gate.countDown();
            List<Boolean> firstTimes = new ArrayList<>();
            for (Future<Boolean> answer : answers) {
                firstTimes.add(answer.get(30, TimeUnit.SECONDS));
            }

            assertThat(firstTimes).containsOnlyOnce(true).filteredOn(first -> !first).hasSize(5);
            boolean newToAnotherGroup = unitOfWork.transact(stores -> stores.processedEvents().firstTime("worker-review", event));
            assertThat(newToAnotherGroup).isTrue();
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void a_rolled_back_transaction_leaves_the_event_new(Endpoints.Postgres server) {
        JdbiUnitOfWork unitOfWork = new JdbiUnitOfWork(FreshDatabase.migrated(server).jdbi(), new EventEnvelopeCodec());
        EventId event = new EventId(UUID.randomUUID());

        try {
            unitOfWork.transact(stores -> {
                stores.processedEvents().firstTime("orchestrator", event);
                throw new IllegalStateException("the effect failed");
            });
        } catch (IllegalStateException expected) {
            // the effect failed, so the event must be handled again on redelivery
        }

        boolean stillNew = unitOfWork.transact(stores -> stores.processedEvents().firstTime("orchestrator", event));
        assertThat(stillNew).isTrue();
    }
}
