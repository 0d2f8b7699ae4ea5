package io.fabula.adapters.in.http.auth;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.auth.Auth;
import io.fabula.adapters.in.http.Api;
import io.fabula.adapters.in.http.problem.FailureException;
import io.fabula.application.auth.Accounts;
import io.fabula.application.auth.Outcome;
import io.fabula.application.auth.Tokens;
import io.fabula.application.auth.User;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.parameters.RequestBody;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.swagger.v3.oas.annotations.media.Content;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/** {@code /api/v1/auth}: register, login, refresh, logout (SPEC §6). */
@Path(Api.V1 + "/auth")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "auth", description = "Accounts and tokens: access JWT (24 h) + rotating refresh token (30 d)")
public final class AuthResource {
    private static final CacheControl NO_STORE = CacheControl.valueOf("no-store");

    private final Accounts accounts;
    private final Clock clock;

    public AuthResource(Accounts accounts, Clock clock) {
        this.accounts = Objects.requireNonNull(accounts, "accounts");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Schema(name = "RegisterRequest")
    public record RegisterRequest(
            @JsonProperty("email") @NotBlank @Size(max = Accounts.MAX_EMAIL_LENGTH)
            @Schema(example = "ada@example.com", requiredMode = Schema.RequiredMode.REQUIRED, maxLength = 254) String email,
            @JsonProperty("password") @NotNull @Size(min = Accounts.MIN_PASSWORD_LENGTH, max = Accounts.MAX_PASSWORD_LENGTH)
            @Schema(example = "correct horse battery", requiredMode = Schema.RequiredMode.REQUIRED, minLength = 8, maxLength = 128)
            String password,
            @JsonProperty("display_name") @NotBlank @Size(max = Accounts.MAX_DISPLAY_NAME_LENGTH)
            @Schema(example = "Ada", requiredMode = Schema.RequiredMode.REQUIRED, maxLength = 100) String displayName) {
    }

    @Schema(name = "LoginRequest")
    public record LoginRequest(
            @JsonProperty("email") @NotBlank @Size(max = Accounts.MAX_EMAIL_LENGTH)
            @Schema(example = "ada@example.com", requiredMode = Schema.RequiredMode.REQUIRED) String email,
            @JsonProperty("password") @NotBlank @Size(max = Accounts.MAX_PASSWORD_LENGTH)
            @Schema(example = "correct horse battery", requiredMode = Schema.RequiredMode.REQUIRED) String password) {
    }

    @Schema(name = "RefreshRequest")
    public record RefreshRequest(
            @JsonProperty("refresh_token") @NotBlank @Size(max = 200)
            @Schema(example = "q0z7N2bT3Kp8...", requiredMode = Schema.RequiredMode.REQUIRED) String refreshToken) {
    }

    @Schema(name = "User")
    public record UserView(
            @JsonProperty("user_id") @Schema(format = "uuid", requiredMode = Schema.RequiredMode.REQUIRED) String userId,
            @JsonProperty("email") @Schema(requiredMode = Schema.RequiredMode.REQUIRED) String email,
            @JsonProperty("display_name") @Schema(requiredMode = Schema.RequiredMode.REQUIRED) String displayName,
            @JsonProperty("role") @Schema(allowableValues = {"writer", "admin"}, requiredMode = Schema.RequiredMode.REQUIRED)
            String role) {
        static UserView of(User user) {
            return new UserView(user.id().toString(), user.email(), user.displayName(), user.role().wireName());
        }
    }

    @Schema(name = "Tokens")
    public record TokenView(
            @JsonProperty("access_token") @Schema(requiredMode = Schema.RequiredMode.REQUIRED) String accessToken,
            @JsonProperty("token_type") @Schema(allowableValues = "Bearer", requiredMode = Schema.RequiredMode.REQUIRED)
            String tokenType,
            @JsonProperty("expires_in") @Schema(description = "seconds until the access token expires", example = "86400",
                    requiredMode = Schema.RequiredMode.REQUIRED) long expiresIn,
            @JsonProperty("refresh_token") @Schema(requiredMode = Schema.RequiredMode.REQUIRED) String refreshToken,
            @JsonProperty("refresh_expires_in") @Schema(example = "2592000", requiredMode = Schema.RequiredMode.REQUIRED)
            long refreshExpiresIn,
            @JsonProperty("user_id") @Schema(format = "uuid", requiredMode = Schema.RequiredMode.REQUIRED) String userId,
            @JsonProperty("role") @Schema(allowableValues = {"writer", "admin"}, requiredMode = Schema.RequiredMode.REQUIRED)
            String role) {
    }

    @POST
    @Path("/register")
    @Operation(summary = "Register a writer", responses = {
            @ApiResponse(responseCode = "201", description = "registered",
                    content = @Content(schema = @Schema(implementation = UserView.class))),
            @ApiResponse(responseCode = "409", description = "the email is already registered"),
            @ApiResponse(responseCode = "422", description = "invalid email, password or name")})
    public Response register(@RequestBody(required = true) @Valid @NotNull RegisterRequest request) {
        User user = unwrap(accounts.register(request.email(), request.password(), request.displayName()));
        return Response.status(Response.Status.CREATED).entity(UserView.of(user)).build();
    }

    @POST
    @Path("/login")
    @Operation(summary = "Log in: an access token (24 h) and a refresh token (30 d)", responses = {
            @ApiResponse(responseCode = "200", description = "logged in",
                    content = @Content(schema = @Schema(implementation = TokenView.class))),
            @ApiResponse(responseCode = "401", description = "email or password is wrong")})
    public Response login(@RequestBody(required = true) @Valid @NotNull LoginRequest request) {
        return tokens(unwrap(accounts.logIn(request.email(), request.password())));
    }

    @POST
    @Path("/refresh")
    @Operation(summary = "Trade a refresh token for new tokens; the old refresh token is retired",
            description = "Showing a retired refresh token again revokes every token of its login (reuse detection).",
            responses = {
                    @ApiResponse(responseCode = "200", description = "new tokens",
                            content = @Content(schema = @Schema(implementation = TokenView.class))),
                    @ApiResponse(responseCode = "401", description = "unknown, expired, revoked or reused refresh token")})
    public Response refresh(@RequestBody(required = true) @Valid @NotNull RefreshRequest request) {
        return tokens(unwrap(accounts.refresh(request.refreshToken())));
    }

    @POST
    @Path("/logout")
    @Operation(summary = "Log out: revokes the refresh token's login (the access token expires on its own)",
            security = @SecurityRequirement(name = "bearer"),
            responses = {
                    @ApiResponse(responseCode = "204", description = "logged out (also for an unknown token)"),
                    @ApiResponse(responseCode = "401", description = "no valid access token")})
    public Response logout(@Auth Caller caller, @RequestBody(required = true) @Valid @NotNull RefreshRequest request) {
        accounts.logOut(caller.identity(), request.refreshToken());
        return Response.noContent().build();
    }

    private Response tokens(Tokens tokens) {
        Instant now = clock.instant();
        TokenView view = new TokenView(tokens.accessToken(), "Bearer",
                Math.max(0, Duration.between(now, tokens.accessExpiresAt()).toSeconds()),
                tokens.refreshToken(), Math.max(0, Duration.between(now, tokens.refreshExpiresAt()).toSeconds()),
                tokens.identity().userId().toString(), tokens.identity().role().wireName());
        return Response.ok(view).cacheControl(NO_STORE).header("Pragma", "no-cache").build();
    }

    private static <T> T unwrap(Outcome<T> outcome) {
        if (outcome instanceof Outcome.Refused<T> refused) {
            throw new FailureException(refused.failure());
        }
        return ((Outcome.Ok<T>) outcome).value();
    }
}
