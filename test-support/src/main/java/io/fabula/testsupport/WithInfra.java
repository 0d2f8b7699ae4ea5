package io.fabula.testsupport;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Gives a test class real servers. The listed servers are started before the first test (once per
 * JVM, shared by all test classes); test constructors and methods receive their endpoints as
 * parameters ({@code Endpoints.Postgres}, {@code Endpoints.Kafka}, ...) or the {@link InfraProvider}.
 *
 * <pre>{@code
 * @WithInfra(Server.REDIS)
 * class RedisTokenStreamIT {
 *     @Test void streams_tokens(Endpoints.Redis redis) { ... }
 * }
 * }</pre>
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(FabulaInfraExtension.class)
public @interface WithInfra {
    Server[] value();
}
