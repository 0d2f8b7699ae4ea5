package io.fabula.adapters.in.sse;

import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.SecurityContext;
import java.security.Principal;

/**
 * Stands in for the bearer authentication in resource tests: {@code Authorization: Test <user id>} makes
 * the request a writer's. The real authentication is tested with the HTTP API.
 */
@Priority(Priorities.AUTHENTICATION)
final class TestCallers implements ContainerRequestFilter {

    static String header(Object user) {
        return "Test " + user;
    }

    @Override
    public void filter(ContainerRequestContext request) {
        String authorization = request.getHeaderString("Authorization");
        if (authorization == null || !authorization.startsWith("Test ")) {
            return;
        }
        String user = authorization.substring(5);
        Principal principal = () -> user;
        request.setSecurityContext(new SecurityContext() {
            @Override
            public Principal getUserPrincipal() {
                return principal;
            }

            @Override
            public boolean isUserInRole(String role) {
                return "writer".equals(role);
            }

            @Override
            public boolean isSecure() {
                return false;
            }

            @Override
            public String getAuthenticationScheme() {
                return "Test";
            }
        });
    }
}
