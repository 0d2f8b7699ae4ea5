package io.fabula.adapters.out.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabula.infra.Endpoints;
import io.fabula.testsupport.Server;
import io.fabula.testsupport.WithInfra;
import java.util.List;
import liquibase.Contexts;
import liquibase.LabelExpression;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;

/**
 * SPEC §5: every changeset has a rollback that really undoes it. Migrate, roll everything back,
 * migrate again: the second schema must equal the first, column by column, constraint by constraint,
 * index by index (read from the catalogs, not from Liquibase's own bookkeeping).
 */
@WithInfra(Server.POSTGRES)
class MigrationRollbackIT {
    private static final List<String> TABLES = List.of(
            "conversation_sessions", "conversation_rounds", "domain_events", "event_outbox", "command_inbox",
            "consumer_dedup", "agent_runs", "llm_budget_ledger", "feature_flags", "feature_flag_audit",
            "users", "refresh_tokens", "notifications", "notification_preferences", "llm_budget_limit");

    @Test
    @SuppressWarnings("deprecation")
    void migrating_rolling_everything_back_and_migrating_again_gives_the_identical_schema(Endpoints.Postgres server) {
        FreshDatabase database = FreshDatabase.create(server);
        Jdbi jdbi = database.jdbi();

        database.liquibase(liquibase -> liquibase.update(new Contexts(), new LabelExpression()));
        List<String> first = schemaOf(jdbi);
        assertThat(tablesOf(jdbi)).containsExactlyInAnyOrderElementsOf(TABLES);
        int changesets = appliedChangesets(jdbi);

        database.liquibase(liquibase -> liquibase.rollback(changesets, (String) null));
        assertThat(tablesOf(jdbi)).as("tables left after rolling back all %d changesets", changesets).isEmpty();
        assertThat(appliedChangesets(jdbi)).isZero();

        database.liquibase(liquibase -> liquibase.update(new Contexts(), new LabelExpression()));
        assertThat(schemaOf(jdbi)).containsExactlyElementsOf(first);
    }

    @Test
    @SuppressWarnings("deprecation")
    void every_changeset_rolls_back_on_its_own_in_reverse_order(Endpoints.Postgres server) {
        FreshDatabase database = FreshDatabase.create(server);
        Jdbi jdbi = database.jdbi();
        database.liquibase(liquibase -> liquibase.update(new Contexts(), new LabelExpression()));
        int changesets = appliedChangesets(jdbi);

        for (int left = changesets; left > 0; left--) {
            database.liquibase(liquibase -> liquibase.rollback(1, (String) null));
            assertThat(appliedChangesets(jdbi)).isEqualTo(left - 1);
        }
        assertThat(tablesOf(jdbi)).isEmpty();
    }

    @Test
    @SuppressWarnings("deprecation")
    void status_reports_every_changeset_pending_before_and_none_after_migrating(Endpoints.Postgres server) {
        FreshDatabase database = FreshDatabase.create(server);
        int[] pending = new int[1];
        database.liquibase(liquibase ->
                pending[0] = liquibase.listUnrunChangeSets(new Contexts(), new LabelExpression()).size());
        assertThat(pending[0]).isGreaterThanOrEqualTo(12);
        database.liquibase(liquibase -> liquibase.update(new Contexts(), new LabelExpression()));
        assertThat(appliedChangesets(database.jdbi())).isEqualTo(pending[0]);
        database.liquibase(liquibase ->
                assertThat(liquibase.listUnrunChangeSets(new Contexts(), new LabelExpression())).isEmpty());
    }

    private static int appliedChangesets(Jdbi jdbi) {
        return jdbi.withHandle(h -> h.createQuery("select count(*) from databasechangelog").mapTo(Integer.class).one());
    }

    private static List<String> tablesOf(Jdbi jdbi) {
        return jdbi.withHandle(h -> h.createQuery("""
                        select table_name from information_schema.tables
                        where table_schema = 'public' and table_name not like 'databasechangelog%'""")
                .mapTo(String.class).list());
    }

    /** Columns, constraints and indexes of our tables as comparable lines. */
    private static List<String> schemaOf(Jdbi jdbi) {
        return jdbi.withHandle(h -> h.createQuery("""
                        select 'column ' || table_name || '.' || column_name || ' ' || data_type
                               || ' null=' || is_nullable || ' default=' || coalesce(column_default, '-')
                               || ' identity=' || is_identity as line
                        from information_schema.columns
                        where table_schema = 'public' and table_name not like 'databasechangelog%'
                        union all
                        select 'constraint ' || c.conrelid::regclass::text || ' ' || c.conname || ' ' || pg_get_constraintdef(c.oid)
                        from pg_constraint c join pg_namespace n on n.oid = c.connamespace
                        where n.nspname = 'public' and c.conrelid::regclass::text not like 'databasechangelog%'
                        union all
                        select 'index ' || indexname || ' ' || indexdef
                        from pg_indexes
                        where schemaname = 'public' and tablename not like 'databasechangelog%'
                        order by 1""")
                .mapTo(String.class).list());
    }
}
