package io.fabula.adapters.out.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabula.infra.Endpoints;
import io.fabula.testsupport.Server;
import io.fabula.testsupport.WithInfra;
import java.util.List;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;

@WithInfra(Server.POSTGRES)
class PostgresRoundTripIT {

    @Test
    void a_row_inserted_through_jdbi_is_read_back_from_a_real_postgresql(Endpoints.Postgres postgres) {
        Jdbi jdbi = Jdbi.create(postgres.jdbcUrl(), postgres.user(), postgres.password());

        List<String> seeds = jdbi.withHandle(handle -> {
            handle.execute("create table if not exists round_trip (id serial primary key, seed text not null)");
            handle.createUpdate("insert into round_trip (seed) values (:seed)")
                    .bind("seed", "a lighthouse keeper who collects lost voices")
                    .execute();
            return handle.createQuery("select seed from round_trip order by id").mapTo(String.class).list();
        });

        assertThat(seeds).containsExactly("a lighthouse keeper who collects lost voices");
        int serverVersion = jdbi.withHandle(h -> h.createQuery("show server_version_num").mapTo(Integer.class).one());
        assertThat(serverVersion).as("PostgreSQL 14 or newer")
                .isGreaterThanOrEqualTo(140000);
    }
}
