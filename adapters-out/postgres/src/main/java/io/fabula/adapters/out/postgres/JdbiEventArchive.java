package io.fabula.adapters.out.postgres;

import io.fabula.application.port.out.EventArchive;
import io.fabula.codec.DecodeResult;
import io.fabula.codec.EventEnvelopeCodec;
import io.fabula.domain.event.DomainEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jdbi.v3.core.Jdbi;

/**
 * {@link EventArchive} on {@code domain_events}, paged by its identity column. Positions are allocated in
 * insertion order; one session's events are written one transaction after another, so within a session
 * position order is sequence order, which is all a rebuild needs.
 */
public final class JdbiEventArchive implements EventArchive {
    private final Jdbi jdbi;
    private final EventEnvelopeCodec codec;

    public JdbiEventArchive(Jdbi jdbi, EventEnvelopeCodec codec) {
        this.jdbi = Objects.requireNonNull(jdbi, "jdbi");
        this.codec = Objects.requireNonNull(codec, "codec");
    }

    @Override
    public Page read(long after, int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1");
        }
        record Row(long id, String envelope) {
        }
        List<Row> rows = jdbi.withHandle(handle -> handle.createQuery(
                        "select id, envelope::text as envelope from domain_events where id > :after order by id limit :limit")
                .bind("after", after)
                .bind("limit", limit)
                .map((rs, ctx) -> new Row(rs.getLong("id"), rs.getString("envelope")))
                .list());
        List<DomainEvent> events = new ArrayList<>(rows.size());
        for (Row row : rows) {
            DecodeResult result = codec.decode(row.envelope());
            if (!(result instanceof DecodeResult.Decoded decoded)) {
                throw new IllegalStateException("unreadable stored event at position " + row.id() + ": "
                        + ((DecodeResult.Poisoned) result).failure().reason());
            }
            events.add(decoded.event());
        }
        return new Page(events, rows.isEmpty() ? after : rows.get(rows.size() - 1).id());
    }
}
