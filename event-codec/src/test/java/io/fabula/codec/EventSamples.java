package io.fabula.codec;

import io.fabula.domain.event.DomainEvent;
import io.fabula.domain.event.EventType;
import io.fabula.domain.failure.FailureKind;
import io.fabula.domain.id.CommandId;
import io.fabula.domain.id.CorrelationId;
import io.fabula.domain.id.NovelId;
import io.fabula.domain.id.SessionId;
import io.fabula.domain.id.UserId;
import io.fabula.domain.id.UuidV7;
import io.fabula.domain.quality.QualityPolicy;
import io.fabula.domain.session.CommandMeta;
import io.fabula.domain.session.Decision;
import io.fabula.domain.session.ExpectedVersion;
import io.fabula.domain.session.GenesisSession;
import io.fabula.domain.session.SessionCommand;
import io.fabula.domain.session.SessionCommand.*;
import io.fabula.domain.session.SessionEnvironment;
import io.fabula.domain.stage.Stage;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Function;

import static io.fabula.domain.stage.Stage.*;

/**
 * Real events of every type, produced by driving two sessions through the domain with a fixed
 * clock and seed: one to FINISHED, one reopened, failed and abandoned. The golden files are these.
 */
final class EventSamples {
    private static final UserId WRITER = UserId.of("01956a1e-0000-7000-8000-0000000000aa");
    private static final NovelId NOVEL = NovelId.of("01956a1e-0000-7000-8000-0000000000cc");

    private EventSamples() {
    }

    /** The first event of each type. */
    static Map<EventType, DomainEvent> oneOfEachType() {
        Map<EventType, DomainEvent> samples = new EnumMap<>(EventType.class);
        for (DomainEvent event : all()) {
            samples.putIfAbsent(event.type(), event);
        }
        return samples;
    }

    static List<DomainEvent> all() {
        Driver finished = new Driver(SessionId.of("01956a1e-0000-7000-8000-000000000001"), 11);
        finished.send(meta -> new StartSession(meta, "A lighthouse keeper finds a door in the sea", NOVEL));
        finished.send(meta -> new SubmitMessage(meta, "Make it melancholic"));
        finished.send(meta -> new RecordProposal(meta, CONCEPT, "A keeper, a door, a drowned town", 7.5, List.of()));
        finished.send(meta -> new RecordReview(meta, CONCEPT, 8.6, List.of()));
        finished.send(meta -> new ConfirmStage(meta, CONCEPT));
        finished.send(meta -> new RequestProposal(meta, THEME, "grief and tides"));
        finished.send(meta -> new RecordProposal(meta, THEME, "What the sea keeps", null, List.of()));
        finished.send(meta -> new RecordReview(meta, THEME, 5.1, List.of("the theme is stated, not shown")));
        finished.send(meta -> new RecordProposal(meta, THEME, "What the sea gives back", null, List.of()));
        finished.send(meta -> new RecordReview(meta, THEME, 3.2, List.of("clichéd")));
        finished.send(meta -> new RecordProposal(meta, THEME, "Tides of memory", 8.0, List.of()));
        finished.send(meta -> new ConfirmStage(meta, THEME));
        finished.send(meta -> new RecordProposal(meta, WORLD, "An archipelago of bells", null, List.of()));
        finished.send(meta -> new RecordReview(meta, WORLD, 6.4, List.of("rule 3 contradicts rule 5")));
        finished.send(meta -> new ReviseProposal(meta, WORLD, "fewer bells"));
        finished.send(meta -> new RecordProposal(meta, WORLD, "An archipelago of three bells", null, List.of()));
        finished.send(meta -> new ConfirmStage(meta, WORLD));
        finished.send(meta -> new RecordProposal(meta, CHARACTERS, "Ida, the keeper", null, List.of()));
        finished.send(meta -> new ReviseProposal(meta, CHARACTERS, "give her a sister"));
        finished.send(meta -> new RecordProposal(meta, CHARACTERS, "Ida and Marit", null, List.of()));
        finished.send(meta -> new ConfirmStage(meta, CHARACTERS));
        finished.send(meta -> new RecordProposal(meta, PLOT, "Three tides", null, List.of("The door opens")));
        finished.send(meta -> new ConfirmStage(meta, PLOT));
        finished.send(meta -> new BranchSession(meta, 3));
        finished.send(PauseSession::new);
        finished.send(ResumeSession::new);
        finished.send(meta -> new RecordProposal(meta, DETAILS, "Bell tower, 1893", null, List.of()));
        finished.send(meta -> new ConfirmStage(meta, DETAILS));

        Driver abandoned = new Driver(SessionId.of("01956a1e-0000-7000-8000-000000000002"), 12);
        abandoned.send(meta -> new StartSession(meta, "A city that forgets every night", NOVEL));
        abandoned.send(meta -> new RecordProposal(meta, CONCEPT, "Amnesiac city", null, List.of()));
        abandoned.send(meta -> new ConfirmStage(meta, CONCEPT));
        abandoned.send(meta -> new ReopenStage(meta, CONCEPT, "the concept is too bleak"));
        abandoned.send(meta -> new RecordFailure(meta, CONCEPT, FailureKind.TRANSIENT, "LLM timed out", 4));
        abandoned.send(AbandonSession::new);

        return java.util.stream.Stream.concat(finished.events.stream(), abandoned.events.stream()).toList();
    }

    private static final class Driver {
        private final GenesisSession session;
        private final SessionId id;
        private final List<DomainEvent> events = new java.util.ArrayList<>();
        private int sent;

        Driver(SessionId id, long seed) {
            Clock clock = Clock.fixed(Instant.parse("2025-03-01T09:30:00.250Z"), ZoneOffset.UTC);
            this.id = id;
            this.session = GenesisSession.notStarted(id, new SessionEnvironment(clock,
                    new UuidV7(clock, new SplittableRandom(seed)), QualityPolicy.withDefaults(), "/fabula/server"));
        }

        void send(Function<CommandMeta, SessionCommand> command) {
            sent++;
            CommandMeta meta = new CommandMeta(new CommandId("cmd-" + sent), id,
                    ExpectedVersion.exactly(session.version()), WRITER, new CorrelationId("req-" + sent),
                    sent % 2 == 0 ? "4bf92f3577b34da6a3ce929d0e0e4736" : null);
            Decision decision = session.handle(command.apply(meta));
            if (!(decision instanceof Decision.Accepted accepted)) {
                throw new AssertionError("sample command rejected: " + decision);
            }
            events.addAll(accepted.newEvents());
        }
    }
}
