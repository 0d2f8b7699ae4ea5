package io.fabula.testsupport;

import io.fabula.infra.Endpoints;
import io.fabula.infra.FabulaHome;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * Starts the servers a {@link WithInfra} test class asks for and resolves their endpoints.
 *
 * <p>The provider lives in the root context's store, so it is created once per test JVM and
 * closed by JUnit when the whole run ends (and by the child processes' own guards if the JVM dies).
 */
public final class FabulaInfraExtension implements BeforeAllCallback, ParameterResolver {
    /** {@code -Dfabula.infra=native|testcontainers}. */
    public static final String PROVIDER_PROPERTY = "fabula.infra";

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(FabulaInfraExtension.class);

    private static final Map<Class<?>, Function<InfraProvider, Object>> ENDPOINTS = Map.of(
            Endpoints.Postgres.class, InfraProvider::postgres,
            Endpoints.Kafka.class, InfraProvider::kafka,
            Endpoints.Redis.class, InfraProvider::redis,
            Endpoints.Neo4j.class, InfraProvider::neo4j,
            Endpoints.Milvus.class, InfraProvider::milvus);

    @Override
    public void beforeAll(ExtensionContext context) {
        InfraProvider provider = provider(context);
        AnnotationSupport.findAnnotation(context.getRequiredTestClass(), WithInfra.class)
                .ifPresent(infra -> {
                    for (Server server : infra.value()) {
                        provider.start(server);
                    }
                });
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return ENDPOINTS.containsKey(type) || InfraProvider.class.isAssignableFrom(type);
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        InfraProvider provider = provider(context);
        if (type.isInstance(provider)) {
            return provider;
        }
        Function<InfraProvider, Object> endpoint = ENDPOINTS.get(type);
        if (endpoint == null) {
            throw new ParameterResolutionException(type + " is not provided by " + provider.getClass().getSimpleName());
        }
        return endpoint.apply(provider);
    }

    /** The JVM-wide provider chosen by {@value #PROVIDER_PROPERTY}. */
    public static InfraProvider provider(ExtensionContext context) {
        return context.getRoot().getStore(NAMESPACE)
                .getOrComputeIfAbsent(ProviderResource.class, key -> new ProviderResource(createProvider()),
                        ProviderResource.class)
                .provider();
    }

    static InfraProvider createProvider() {
        String choice = System.getProperty(PROVIDER_PROPERTY, "native");
        return switch (choice) {
            case "native" -> new NativeInfraProvider(FabulaHome.locate());
            case "testcontainers" -> new TestcontainersInfraProvider();
            default -> throw new IllegalArgumentException(
                    "-D" + PROVIDER_PROPERTY + "=" + choice + " is not a provider: use 'native' or 'testcontainers'");
        };
    }

    /** Closed by JUnit when the root context closes, i.e. at the end of the test run. */
    private record ProviderResource(InfraProvider provider) implements ExtensionContext.Store.CloseableResource {
        @Override
        public void close() {
            provider.close();
        }
    }
}
