package io.fabula.app.wiring;

import io.dropwizard.core.server.AbstractServerFactory;
import io.dropwizard.core.server.ServerFactory;
import io.dropwizard.core.setup.Environment;
import io.fabula.adapters.in.http.auth.AuthResource;
import io.fabula.adapters.in.http.auth.BearerAuth;
import io.fabula.adapters.in.http.auth.UserRoleTask;
import io.fabula.adapters.in.http.openapi.OpenApiResource;
import io.fabula.adapters.in.http.problem.ProblemErrorHandler;
import io.fabula.adapters.in.http.problem.ProblemMappers;
import io.fabula.adapters.in.http.session.SessionsResource;
import io.fabula.adapters.out.crypto.Argon2PasswordHasher;
import io.fabula.adapters.out.crypto.JwtAccessTokens;
import io.fabula.adapters.out.postgres.JdbiRefreshTokens;
import io.fabula.adapters.out.postgres.JdbiSessionDirectory;
import io.fabula.adapters.out.postgres.JdbiUsers;
import io.fabula.app.config.AuthConfig;
import io.fabula.application.auth.AccessTokens;
import io.fabula.application.auth.Accounts;
import io.fabula.application.session.ReadStoryBible;
import io.fabula.domain.id.UuidV7;
import java.time.Duration;

/**
 * The public HTTP API (SPEC §6): problem+json errors for every resource, bearer-token authentication
 * and roles for every resource, accounts, sessions and the OpenAPI document. Other capabilities
 * register their resources themselves; they get errors and authentication from here for free
 * (docs/api.md).
 */
public final class ApiWiring {
    private ApiWiring() {
    }

    private static String version() {
        String version = ApiWiring.class.getPackage().getImplementationVersion();
        return version == null ? "0.1.0-SNAPSHOT" : version;
    }

    public static void wire(AuthConfig auth, ServerFactory server, Clients clients, CommandPath commandPath,
                            Environment environment) {
        if (server instanceof AbstractServerFactory factory) {
            // Dropwizard's mappers answer {code, message}; every error of ours is problem+json instead
            factory.setRegisterDefaultExceptionMappers(false);
        }
        environment.jersey().register(new ProblemMappers(clients.clock()));
        // what Jetty rejects before Jersey (suspicious paths, bad headers) is a problem too, not an HTML page
        environment.getApplicationContext().setErrorHandler(new ProblemErrorHandler());
        environment.lifecycle().addServerLifecycleListener(jetty -> jetty.setErrorHandler(new ProblemErrorHandler()));

        AccessTokens accessTokens = new JwtAccessTokens(auth.jwtSecret(), auth.issuer(),
                Duration.ofMillis(auth.accessTokenLifetime().toMilliseconds()));
        environment.jersey().register(new BearerAuth(accessTokens, clients.clock()));

        JdbiUsers users = new JdbiUsers(clients.jdbi());
        Accounts accounts = new Accounts(users, new JdbiRefreshTokens(clients.jdbi()), new Argon2PasswordHasher(),
                accessTokens, clients.clock(), Duration.ofMillis(auth.refreshTokenLifetime().toMilliseconds()),
                UuidV7.secure(clients.clock()));
        environment.jersey().register(new AuthResource(accounts, clients.clock()));
        environment.admin().addTask(new UserRoleTask(users));

        environment.jersey().register(new SessionsResource(commandPath.commands(), commandPath.queries(),
                new ReadStoryBible(commandPath.unitOfWork()), new JdbiSessionDirectory(clients.jdbi())));
        environment.jersey().register(new OpenApiResource(version()));
    }
}
