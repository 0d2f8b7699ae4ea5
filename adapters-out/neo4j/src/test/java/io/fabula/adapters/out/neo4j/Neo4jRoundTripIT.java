package io.fabula.adapters.out.neo4j;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabula.infra.Endpoints;
import io.fabula.testsupport.Server;
import io.fabula.testsupport.WithInfra;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.neo4j.driver.AuthTokens;
import org.neo4j.driver.Driver;
import org.neo4j.driver.GraphDatabase;
import org.neo4j.driver.Record;

@WithInfra(Server.NEO4J)
class Neo4jRoundTripIT {

    @Test
    void merge_is_idempotent_and_match_reads_the_relation_back_over_bolt(Endpoints.Neo4j neo4j) {
        try (Driver driver = GraphDatabase.driver(neo4j.boltUri(), AuthTokens.none())) {
            String merge = """
                    MERGE (n:Novel {id: $novel})
                    MERGE (c:Character {id: $character, novel_id: $novel}) SET c.name = $name
                    MERGE (c)-[:BELONGS_TO]->(n)
                    """;
            Map<String, Object> params = Map.of("novel", "n-round-trip", "character", "c-1", "name", "Mira");
            driver.executableQuery(merge).withParameters(params).execute();
            driver.executableQuery(merge).withParameters(params).execute();

            var result = driver.executableQuery("""
                            MATCH (c:Character)-[r:BELONGS_TO]->(n:Novel {id: $novel})
                            RETURN c.name AS name, count(r) AS relations
                            """)
                    .withParameters(Map.of("novel", "n-round-trip"))
                    .execute();

            assertThat(result.records()).hasSize(1);
            Record row = result.records().get(0);
            assertThat(row.get("name").asString()).isEqualTo("Mira");
            assertThat(row.get("relations").asLong()).as("MERGE twice, one relation").isEqualTo(1);
        }
    }
}
