package io.fabula.app.wiring;

import io.fabula.adapters.out.postgres.JdbiUnitOfWork;
import io.fabula.application.port.out.UnitOfWork;
import io.fabula.application.session.CommandLimits;
import io.fabula.application.session.HandleSessionCommand;
import io.fabula.application.session.SessionQueries;
import io.fabula.codec.EventEnvelopeCodec;
import io.fabula.domain.id.UuidV7;
import io.fabula.domain.quality.QualityPolicy;
import io.fabula.domain.session.SessionEnvironment;
import java.time.Clock;
import org.jdbi.v3.core.Jdbi;

/**
 * The command side of SPEC §3 step 1, one instance per process: the HTTP resources submit writers'
 * commands to {@link #commands()}, the orchestrator hands workers' Record* commands to the same
 * handler, and every reader goes through {@link #queries()}.
 *
 * @param source the producing process's name, written into every event's {@code metadata.source}
 */
public record CommandPath(UnitOfWork unitOfWork, HandleSessionCommand commands, SessionQueries queries) {

    public static CommandPath on(Jdbi jdbi, Clock clock, CommandLimits limits, String source) {
        return on(jdbi, clock, limits, source, QualityPolicy.withDefaults());
    }

    /** @param quality the quality gate the session applies to reviews (its regeneration delays come from {@code flow:}) */
    public static CommandPath on(Jdbi jdbi, Clock clock, CommandLimits limits, String source, QualityPolicy quality) {
        UnitOfWork unitOfWork = new JdbiUnitOfWork(jdbi, new EventEnvelopeCodec());
        SessionEnvironment environment = new SessionEnvironment(clock, UuidV7.secure(clock), quality, source);
        return new CommandPath(unitOfWork, new HandleSessionCommand(unitOfWork, environment, limits),
                new SessionQueries(unitOfWork));
    }
}
