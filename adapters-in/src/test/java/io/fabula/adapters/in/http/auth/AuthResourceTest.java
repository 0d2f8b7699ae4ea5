package io.fabula.adapters.in.http.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.dropwizard.auth.Auth;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.dropwizard.testing.junit5.ResourceExtension;
import io.fabula.adapters.in.http.problem.Problem;
import io.fabula.adapters.in.http.problem.ProblemMappers;
import io.fabula.application.auth.Identity;
import io.fabula.application.auth.Role;
import io.fabula.domain.id.UserId;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.client.Entity;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(DropwizardExtensionsSupport.class)
class AuthResourceTest {
    private static final Clock CLOCK = Clock.systemUTC();
    private static final InMemoryAccounts ACCOUNTS = new InMemoryAccounts(CLOCK);

    @Path("/api/v1/probe")
    @Produces(MediaType.APPLICATION_JSON)
    public static final class WhoAmI {
        @GET
        @Path("/me")
        public Map<String, String> me(@Auth Caller caller) {
            return Map.of("user_id", caller.getName(), "role", caller.role().wireName());
        }

        @GET
        @Path("/admin")
        @RolesAllowed(Roles.ADMIN)
        public Map<String, String> admin(@Auth Caller caller) {
            return Map.of("ok", "admin");
        }
    }

    static final ResourceExtension API = ResourceExtension.builder()
            .setRegisterDefaultExceptionMappers(false)
            .addProvider(new ProblemMappers(CLOCK))
            .addProvider(new BearerAuth(ACCOUNTS.accessTokens, CLOCK))
            .addResource(new AuthResource(ACCOUNTS.accounts, CLOCK))
            .addResource(new WhoAmI())
            .build();

    @Test
    void a_writer_registers_logs_in_and_is_known_by_the_access_token() {
        String email = unique("ada");
        Response registered = register(email, "correct horse battery", "Ada");
        assertThat(registered.getStatus()).isEqualTo(201);
        Map<String, Object> user = body(registered);
        assertThat(user).containsEntry("email", email).containsEntry("display_name", "Ada").containsEntry("role", "writer")
                .doesNotContainKey("password").doesNotContainKey("password_hash");

        Response login = login(email, "correct horse battery");
        assertThat(login.getStatus()).isEqualTo(200);
        assertThat(login.getHeaderString("Cache-Control")).contains("no-store");
        Map<String, Object> tokens = body(login);
        assertThat(tokens).containsEntry("token_type", "Bearer").containsEntry("user_id", user.get("user_id"))
                .containsEntry("role", "writer");
        assertThat(((Number) tokens.get("expires_in")).longValue()).isBetween(86_390L, 86_400L);
        assertThat(((Number) tokens.get("refresh_expires_in")).longValue()).isBetween(30L * 86_400 - 10, 30L * 86_400);

        Response me = API.target("/api/v1/probe/me").request().header("Authorization", "Bearer " + tokens.get("access_token")).get();
        assertThat(me.getStatus()).isEqualTo(200);
        assertThat(body(me)).containsEntry("user_id", user.get("user_id"));
    }

    @Test
    void registering_a_taken_email_in_any_case_is_a_conflict() {
        String email = unique("bea");
        register(email, "correct horse battery", "Bea");

        Response again = register(email.toUpperCase(), "another password", "Bea 2");

        assertThat(again.getStatus()).isEqualTo(409);
        assertThat(again.getMediaType().toString()).isEqualTo(Problem.MEDIA_TYPE);
    }

    @Test
    void registration_lists_every_invalid_field() {
        Response response = API.target("/api/v1/auth/register").request()
                .post(Entity.json(Map.of("email", "", "password", "short", "display_name", "")));

        assertThat(response.getStatus()).isEqualTo(422);
        assertThat(body(response).get("errors").toString()).contains("field=email").contains("field=password")
                .contains("field=display_name");
    }

    @Test
    void a_malformed_email_is_refused() {
        Response response = register("not-an-email", "correct horse battery", "X");

        assertThat(response.getStatus()).isEqualTo(422);
        assertThat((String) body(response).get("detail")).startsWith("email");
    }

    @Test
    void a_wrong_password_and_an_unknown_email_get_the_same_401() {
        String email = unique("cy");
        register(email, "correct horse battery", "Cy");

        Response wrongPassword = login(email, "wrong horse battery");
        Response unknownEmail = login(unique("nobody"), "correct horse battery");

        assertThat(wrongPassword.getStatus()).isEqualTo(401);
        assertThat(unknownEmail.getStatus()).isEqualTo(401);
        assertThat(body(wrongPassword).get("detail")).isEqualTo(body(unknownEmail).get("detail"));
    }

    @Test
    void a_refresh_token_is_single_use_and_its_reuse_revokes_the_whole_login() {
        String email = unique("dee");
        register(email, "correct horse battery", "Dee");
        String first = (String) body(login(email, "correct horse battery")).get("refresh_token");

        Response rotated = refresh(first);
        assertThat(rotated.getStatus()).isEqualTo(200);
        String second = (String) body(rotated).get("refresh_token");
        assertThat(second).isNotEqualTo(first);

        Response reused = refresh(first);
        assertThat(reused.getStatus()).isEqualTo(401);
        assertThat((String) body(reused).get("detail")).contains("already used");
        // the thief's reuse also retired the legitimate successor
        assertThat(refresh(second).getStatus()).isEqualTo(401);
    }

    @Test
    void an_unknown_refresh_token_is_401() {
        assertThat(refresh("no-such-token").getStatus()).isEqualTo(401);
    }

    @Test
    void logout_revokes_the_refresh_token_and_needs_an_access_token() {
        String email = unique("eve");
        register(email, "correct horse battery", "Eve");
        Map<String, Object> tokens = body(login(email, "correct horse battery"));

        Response anonymous = API.target("/api/v1/auth/logout").request()
                .post(Entity.json(Map.of("refresh_token", tokens.get("refresh_token"))));
        assertThat(anonymous.getStatus()).isEqualTo(401);
        assertThat(anonymous.getHeaderString("WWW-Authenticate")).startsWith("Bearer");
        assertThat(anonymous.getMediaType().toString()).isEqualTo(Problem.MEDIA_TYPE);

        Response out = API.target("/api/v1/auth/logout").request()
                .header("Authorization", "Bearer " + tokens.get("access_token"))
                .post(Entity.json(Map.of("refresh_token", tokens.get("refresh_token"))));
        assertThat(out.getStatus()).isEqualTo(204);
        assertThat(refresh((String) tokens.get("refresh_token")).getStatus()).isEqualTo(401);
    }

    @Test
    void a_missing_malformed_forged_or_expired_token_is_401() {
        String forged = new io.fabula.adapters.out.crypto.JwtAccessTokens("another-secret-0123456789-0123456789-xx",
                "fabula", Duration.ofHours(1)).issue(writer(), CLOCK.instant()).token();
        String expired = ACCOUNTS.accessTokens.issue(writer(), Instant.now().minus(Duration.ofHours(25))).token();

        for (String header : new String[] {null, "Bearer", "Bearer not.a.jwt", "Basic YWRhOnB3", "Bearer " + forged,
                "Bearer " + expired}) {
            var request = API.target("/api/v1/probe/me").request();
            if (header != null) {
                request = request.header("Authorization", header);
            }
            Response response = request.get();
            assertThat(response.getStatus()).as(String.valueOf(header)).isEqualTo(401);
            assertThat(response.getMediaType().toString()).isEqualTo(Problem.MEDIA_TYPE);
        }
    }

    @Test
    void an_admin_only_resource_is_403_for_a_writer_and_open_to_an_admin() {
        String writer = ACCOUNTS.accessTokens.issue(writer(), CLOCK.instant()).token();
        String admin = ACCOUNTS.accessTokens.issue(new Identity(new UserId(UUID.randomUUID()), Role.ADMIN),
                CLOCK.instant()).token();

        Response forWriter = API.target("/api/v1/probe/admin").request().header("Authorization", "Bearer " + writer).get();
        Response forAdmin = API.target("/api/v1/probe/admin").request().header("Authorization", "Bearer " + admin).get();
        Response anonymous = API.target("/api/v1/probe/admin").request().get();

        assertThat(forWriter.getStatus()).isEqualTo(403);
        assertThat(forWriter.getMediaType().toString()).isEqualTo(Problem.MEDIA_TYPE);
        assertThat(forAdmin.getStatus()).isEqualTo(200);
        assertThat(anonymous.getStatus()).isEqualTo(401);
    }

    private static Identity writer() {
        return new Identity(new UserId(UUID.randomUUID()), Role.WRITER);
    }

    private static Response register(String email, String password, String name) {
        return API.target("/api/v1/auth/register").request()
                .post(Entity.json(Map.of("email", email, "password", password, "display_name", name)));
    }

    private static Response login(String email, String password) {
        return API.target("/api/v1/auth/login").request().post(Entity.json(Map.of("email", email, "password", password)));
    }

    private static Response refresh(String token) {
        return API.target("/api/v1/auth/refresh").request().post(Entity.json(Map.of("refresh_token", token)));
    }

    private static String unique(String name) {
        return name + "-" + UUID.randomUUID() + "@example.com";
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> body(Response response) {
        return response.readEntity(Map.class);
    }
}
