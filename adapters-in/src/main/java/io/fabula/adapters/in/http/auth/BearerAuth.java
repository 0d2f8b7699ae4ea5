package io.fabula.adapters.in.http.auth;

import io.dropwizard.auth.AuthDynamicFeature;
import io.dropwizard.auth.AuthValueFactoryProvider;
import io.dropwizard.auth.Authenticator;
import io.dropwizard.auth.Authorizer;
import io.dropwizard.auth.UnauthorizedHandler;
import io.dropwizard.auth.oauth.OAuthCredentialAuthFilter;
import io.fabula.adapters.in.http.problem.Problem;
import io.fabula.application.auth.AccessTokens;
import io.fabula.application.auth.Role;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Feature;
import jakarta.ws.rs.core.FeatureContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.time.Clock;
import java.util.Objects;
import org.glassfish.jersey.server.filter.RolesAllowedDynamicFeature;

/**
 * Bearer-token authentication for every resource (dropwizard-auth): a method with an {@code @Auth Caller}
 * parameter, or annotated {@code @RolesAllowed}/{@code @PermitAll}, needs {@code Authorization: Bearer
 * <access token>}; without a valid one it answers 401 (problem+json, {@code WWW-Authenticate: Bearer}).
 * {@code @RolesAllowed(Roles.ADMIN)} answers 403 to a writer. An admin holds the writer role too.
 * Methods with neither (login, register, health) stay public.
 */
public final class BearerAuth implements Feature {
    public static final String REALM = "fabula";

    private final AccessTokens tokens;
    private final Clock clock;

    public BearerAuth(AccessTokens tokens, Clock clock) {
        this.tokens = Objects.requireNonNull(tokens, "tokens");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public boolean configure(FeatureContext context) {
        Authenticator<String, Caller> authenticator = token -> tokens.verify(token, clock.instant()).map(Caller::new);
        Authorizer<Caller> authorizer = (Caller caller, String role, ContainerRequestContext request) ->
                caller.role() == Role.ADMIN || caller.role().wireName().equals(role);
        context.register(new AuthDynamicFeature(new OAuthCredentialAuthFilter.Builder<Caller>()
                .setAuthenticator(authenticator)
                .setAuthorizer(authorizer)
                .setPrefix("Bearer")
                .setRealm(REALM)
                .setUnauthorizedHandler(new ProblemUnauthorizedHandler())
                .buildAuthFilter()));
        context.register(RolesAllowedDynamicFeature.class);
        context.register(new AuthValueFactoryProvider.Binder<>(Caller.class));
        return true;
    }

    /** The 401 of the auth filter, as a problem. */
    static final class ProblemUnauthorizedHandler implements UnauthorizedHandler {
        @Override
        public Response buildResponse(String prefix, String realm) {
            Problem problem = Problem.of("unauthorized", "Unauthorized", 401,
                    "a valid access token is required: send 'Authorization: Bearer <token>' (POST /api/v1/auth/login);"
                            + " the token may be missing, malformed or expired");
            return Response.status(401)
                    .header(HttpHeaders.WWW_AUTHENTICATE, prefix + " realm=\"" + realm + "\"")
                    .type(Problem.MEDIA_TYPE)
                    .entity(problem)
                    .build();
        }
    }

}
