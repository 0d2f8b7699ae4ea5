package io.fabula.adapters.in.http.auth;

import io.fabula.application.auth.Identity;
import io.fabula.application.auth.Role;
import io.fabula.domain.id.UserId;
import java.security.Principal;
import java.util.Objects;

/**
 * The authenticated sender of a request. Resources receive it with {@code @Auth Caller caller} (or it is
 * required by {@code @RolesAllowed}); its name is the user id.
 */
public record Caller(Identity identity) implements Principal {
    public Caller {
        Objects.requireNonNull(identity, "identity");
    }

    public UserId userId() {
        return identity.userId();
    }

    public Role role() {
        return identity.role();
    }

    @Override
    public String getName() {
        return identity.userId().toString();
    }
}
