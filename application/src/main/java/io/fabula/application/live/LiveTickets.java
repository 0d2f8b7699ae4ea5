package io.fabula.application.live;

import io.fabula.domain.id.UserId;
import java.util.Optional;

/**
 * Short-lived, single-use tickets that open an SSE stream (SPEC §6: {@code POST /auth/sse-token}, 60 s).
 * A browser's EventSource cannot send an Authorization header, so the access token is exchanged for a
 * ticket that travels in the URL: short-lived so a logged URL is worthless, single-use so it cannot be replayed.
 * Both methods throw {@link LiveUnavailable} when the store cannot answer.
 */
public interface LiveTickets {

    /** A new unguessable ticket for {@code user}, valid once within the configured lifetime. */
    String issue(UserId user);

    /** The ticket's writer without consuming it ({@code preflight=true} checks before opening). */
    Optional<UserId> peek(String ticket);

    /** The ticket's writer, consuming it; empty when unknown, expired or already used. */
    Optional<UserId> redeem(String ticket);
}
