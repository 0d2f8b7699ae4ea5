package io.fabula.adapters.in.http.admin;

import io.fabula.adapters.in.http.problem.Problem;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

/** The admin resources' own refusals, as problem+json (the mappers pass a Problem entity through unchanged). */
final class AdminProblems {
    private AdminProblems() {
    }

    /** 400: nothing was changed because the request itself is wrong. */
    static WebApplicationException invalid(String path, String detail) {
        Problem problem = Problem.of("validation", "Invalid request", 400, detail).at(path);
        return new WebApplicationException(detail,
                Response.status(400).type(Problem.MEDIA_TYPE).entity(problem).build());
    }

    /** 503 + Retry-After: the store behind the change cannot be reached; nothing was changed. */
    static WebApplicationException unavailable(String path, String detail) {
        Problem problem = Problem.of("transient", "Service Unavailable", 503, detail).at(path)
                .with("retry_after_seconds", 5);
        return new WebApplicationException(detail, Response.status(503).type(Problem.MEDIA_TYPE)
                .header(HttpHeaders.RETRY_AFTER, "5").entity(problem).build());
    }
}
