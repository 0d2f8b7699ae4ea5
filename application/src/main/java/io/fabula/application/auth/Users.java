package io.fabula.application.auth;

import io.fabula.domain.id.UserId;
import java.util.Optional;

/** The registered users. Emails are unique regardless of case. */
public interface Users {

    enum Added { CREATED, EMAIL_TAKEN }

    /** Adds a new user; {@code EMAIL_TAKEN} (nothing written) when the email, in any case, is registered already. */
    Added add(User user);

    /** The user with this email, compared without regard to case. */
    Optional<User> byEmail(String email);

    Optional<User> byId(UserId id);

    /** Gives the user with this email another role; false when no user has it. Takes effect at the next login or refresh. */
    boolean changeRole(String email, Role role);
}
