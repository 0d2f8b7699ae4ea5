package io.fabula.adapters.out.postgres;

import io.fabula.application.ops.RecentAgentRuns;
import java.util.List;
import java.util.Objects;
import org.jdbi.v3.core.Jdbi;

/** {@link RecentAgentRuns} on {@code agent_runs} (index on {@code started_at desc}). */
public final class JdbiRecentAgentRuns implements RecentAgentRuns {
    private final Jdbi jdbi;

    public JdbiRecentAgentRuns(Jdbi jdbi) {
        this.jdbi = Objects.requireNonNull(jdbi, "jdbi");
    }

    @Override
    public List<Run> newest(int limit) {
        return jdbi.withHandle(handle -> handle.createQuery("""
                        select id, capability, model, status, latency_ms, error, started_at
                        from agent_runs order by started_at desc, id desc limit :limit""")
                .bind("limit", limit)
                .map((rs, ctx) -> new Run(rs.getLong("id"), rs.getString("capability"), rs.getString("model"),
                        rs.getString("status"), rs.getInt("latency_ms"), rs.getString("error"),
                        rs.getTimestamp("started_at").toInstant()))
                .list());
    }

    @Override
    public java.util.Map<String, Long> errorStreaks() {
        return jdbi.withHandle(handle -> {
            java.util.Map<String, Long> streaks = new java.util.TreeMap<>();
            handle.createQuery("""
                            select lower(r.capability) as capability, count(*) as streak from agent_runs r
                            where r.status <> 'SUCCEEDED'
                              and r.started_at > coalesce((select max(s.started_at) from agent_runs s
                                                           where s.capability = r.capability and s.status = 'SUCCEEDED'),
                                                          '-infinity'::timestamptz)
                            group by lower(r.capability)""")
                    .map((rs, ctx) -> java.util.Map.entry(rs.getString("capability"), rs.getLong("streak")))
                    .forEach(row -> streaks.put(row.getKey(), row.getValue()));
            return streaks;
        });
    }
}
