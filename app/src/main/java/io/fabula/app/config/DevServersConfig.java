package io.fabula.app.config;

import com.fasterxml.jackson.annotation.JsonIgnore;
import io.dropwizard.validation.ValidationMethod;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * The infrastructure servers the {@code dev} command starts natively, as child processes.
 *
 * <p>Fixed ports (not the usual 5432, 9092, 6379, 7687) so that dev does not collide with a database or
 * broker already running on the machine, and so that the endpoints in {@code config-dev.yml} can name
 * them; the {@code dev} command refuses to start when the two disagree.
 *
 * @param dataDir where the servers keep their data and logs across restarts; a relative path is resolved
 *                against the Fabula checkout, not the working directory
 */
public record DevServersConfig(
        @NotBlank String dataDir,
        @NotNull @Min(1) @Max(65535) Integer postgresPort,
        @NotNull @Min(1) @Max(65535) Integer kafkaPort,
        @NotNull @Min(1) @Max(65535) Integer kafkaControllerPort,
        @NotNull @Min(1) @Max(65535) Integer redisPort,
        @NotNull @Min(1) @Max(65535) Integer neo4jPort,
        @NotNull @Min(1) @Max(65535) Integer milvusPort) {

    @JsonIgnore
    @ValidationMethod(message = "devServers ports must all be different")
    public boolean isEachPortDistinct() {
        var ports = Stream.of(postgresPort, kafkaPort, kafkaControllerPort, redisPort, neo4jPort, milvusPort)
                .filter(Objects::nonNull).toList();
        return ports.stream().distinct().count() == ports.size();
    }
}
