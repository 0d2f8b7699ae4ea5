package io.fabula.adapters.in.http.auth;

import io.dropwizard.servlets.tasks.Task;
import io.fabula.application.auth.Role;
import io.fabula.application.auth.Users;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * {@code POST /tasks/user-role?email=<email>&role=admin|writer} on the admin port: how the first admin is
 * made (the public API never grants roles). Effective at the user's next login or refresh.
 */
public final class UserRoleTask extends Task {
    private final Users users;

    public UserRoleTask(Users users) {
        super("user-role");
        this.users = Objects.requireNonNull(users, "users");
    }

    @Override
    public void execute(Map<String, List<String>> parameters, PrintWriter output) {
        String email = single(parameters, "email");
        String roleName = single(parameters, "role");
        Role role;
        try {
            role = Role.fromWireName(roleName);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("role must be writer or admin, not '" + roleName + "'");
        }
        if (!users.changeRole(email, role)) {
            throw new IllegalArgumentException("no user has the email " + email);
        }
        output.println(email + " is now " + role.wireName() + " (from the next login or refresh)");
    }

    private static String single(Map<String, List<String>> parameters, String name) {
        List<String> values = parameters.getOrDefault(name, List.of());
        if (values.size() != 1 || values.get(0).isBlank()) {
            throw new IllegalArgumentException("give exactly one '" + name + "' parameter");
        }
        return values.get(0);
    }
}
