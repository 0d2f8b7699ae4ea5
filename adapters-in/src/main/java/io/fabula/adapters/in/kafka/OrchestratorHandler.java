package io.fabula.adapters.in.kafka;

import io.fabula.application.flow.Delivery;
import io.fabula.application.flow.OrchestrateEvent;
import io.fabula.application.flow.ParkMessage;
import io.fabula.application.flow.RecordCapabilityResult;
import io.fabula.application.orchestration.Capability;
import io.fabula.application.orchestration.CapabilityResult;
import io.fabula.application.port.out.Outbox;
import io.fabula.codec.DecodeResult;
import io.fabula.codec.EventEnvelopeCodec;
import io.fabula.codec.flow.FlowCodec;
import io.fabula.domain.failure.FailureKind;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The orchestrator's consumer (SPEC §3 steps 3 and 5): session events become capability tasks, capability
 * results become Record* commands. Unreadable messages (an unknown or newer schema) go to the DLT with the
 * reason, never dropped; a result the session refuses as stale is dropped and logged.
 */
public final class OrchestratorHandler implements MessageHandler {
    private static final Logger LOG = LoggerFactory.getLogger(OrchestratorHandler.class);

    private final EventEnvelopeCodec events;
    private final FlowCodec flow;
    private final OrchestrateEvent orchestrate;
    private final RecordCapabilityResult record;
    private final Parking parking;

    public OrchestratorHandler(EventEnvelopeCodec events, FlowCodec flow, OrchestrateEvent orchestrate,
                               RecordCapabilityResult record, ParkMessage park, Clock clock) {
        this.events = Objects.requireNonNull(events, "events");
        this.flow = Objects.requireNonNull(flow, "flow");
        this.orchestrate = Objects.requireNonNull(orchestrate, "orchestrate");
        this.record = Objects.requireNonNull(record, "record");
        this.parking = new Parking(park, clock);
    }

    /** What the orchestrator consumes: the session events and every capability's results. */
    public static List<String> topics() {
        List<String> topics = new ArrayList<>();
        topics.add(Outbox.SESSION_EVENTS);
        for (Capability capability : Capability.values()) {
            topics.add(capability.resultTopic());
        }
        return topics;
    }

    @Override
    public void handle(Delivery delivery) {
        if (Outbox.SESSION_EVENTS.equals(delivery.topic())) {
            sessionEvent(delivery);
        } else {
            capabilityResult(delivery);
        }
    }

    private void sessionEvent(Delivery delivery) {
        DecodeResult decoded = events.decode(delivery.payload());
        if (decoded instanceof DecodeResult.Poisoned poisoned) {
            parking.now(delivery, FailureKind.POISON, poisoned.failure().reason(), null);
            LOG.error("orchestrator parked an unreadable session event at {}@{}: {}", delivery.topic(), delivery.offset(),
                    poisoned.failure().reason());
            return;
        }
        var event = ((DecodeResult.Decoded) decoded).event();
        OrchestrateEvent.Outcome outcome = orchestrate.handle(event, delivery);
        LOG.debug("orchestrator: {} of session {} -> {} [{}]", event.type(), event.aggregateId(), outcome, event.correlationId());
    }

    private void capabilityResult(Delivery delivery) {
        CapabilityResult result;
        try {
            result = flow.decodeResult(delivery.payload());
        } catch (IllegalArgumentException e) {
            parking.now(delivery, FailureKind.POISON, e.getMessage(), null);
            LOG.error("orchestrator parked an unreadable result at {}@{}: {}", delivery.topic(), delivery.offset(), e.getMessage());
            return;
        }
        RecordCapabilityResult.Outcome outcome = record.handle(result);
        if (outcome instanceof RecordCapabilityResult.Refused refused) {
            parking.now(delivery, refused.failure().kind(), refused.failure().reason(), result.correlationId().value());
            LOG.error("orchestrator parked a {} result the session refused: {} [{}]", result.capability(),
                    refused.failure().reason(), result.correlationId());
        } else if (outcome instanceof RecordCapabilityResult.Stale stale) {
            LOG.info("orchestrator dropped a stale {} result of session {}: {} [{}]", result.capability(), result.sessionId(),
                    stale.failure().reason(), result.correlationId());
        } else {
            LOG.debug("orchestrator recorded a {} result of session {}: {} [{}]", result.capability(), result.sessionId(),
                    outcome, result.correlationId());
        }
    }
}
