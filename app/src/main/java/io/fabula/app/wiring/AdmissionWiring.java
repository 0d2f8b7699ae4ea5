package io.fabula.app.wiring;

import com.codahale.metrics.Gauge;
import io.dropwizard.core.setup.Environment;
import io.fabula.adapters.in.admission.OverloadFilter;
import io.fabula.adapters.in.admission.UserQuotaFilter;
import io.fabula.adapters.out.redis.RedisRequestQuota;
import io.fabula.app.config.AdmissionConfig;
import io.fabula.app.config.SseConfig;
import io.fabula.application.admission.InProcessQuota;
import io.fabula.application.admission.QuotaWithFallback;
import jakarta.servlet.DispatcherType;
import java.util.Arrays;
import java.util.EnumSet;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.NetworkConnectionLimit;

/**
 * Admission (SPEC §7), outermost first: the API connector accepts at most {@code maxConnections} TCP
 * connections; {@code /api/*} requests beyond the instance's rate or concurrency get 503 before Jersey
 * sees them; then, after authentication, each writer's quota (Redis, in-process while Redis is down) → 429.
 */
public final class AdmissionWiring {
    private AdmissionWiring() {
    }

    public static void wire(AdmissionConfig config, Clients clients, Environment environment) {
        QuotaWithFallback quota = new QuotaWithFallback(new RedisRequestQuota(clients.redis(), config.perUser()),
                new InProcessQuota(config.perUser(), clients.clock()), SseConfig.java(config.redisRetryPause()),
                clients.clock());
        UserQuotaFilter perUser = new UserQuotaFilter(quota);
        environment.jersey().register(perUser);

        OverloadFilter overload = new OverloadFilter(config.maxConcurrentRequests(), config.globalRequestsPerSecond(),
                SseConfig.java(config.overloadRetryAfter()));
        environment.servlets().addFilter("overload", overload)
                .addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST), true, "/api/*");

        environment.lifecycle().addServerLifecycleListener(server -> {
            Connector[] api = Arrays.stream(server.getConnectors())
                    .filter(connector -> !"admin".equals(connector.getName()))
                    .toArray(Connector[]::new);
            server.addBean(new NetworkConnectionLimit(config.maxConnections(), api));
        });

        environment.metrics().register("admission.user.refused", (Gauge<Long>) perUser::refused);
        environment.metrics().register("admission.user.fallback", (Gauge<Integer>) () -> quota.fallingBack() ? 1 : 0);
        environment.metrics().register("admission.overload.refused.busy", (Gauge<Long>) overload::refusedBusy);
        environment.metrics().register("admission.overload.refused.rate", (Gauge<Long>) overload::refusedRate);
    }

}
