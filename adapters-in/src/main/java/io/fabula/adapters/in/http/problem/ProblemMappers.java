package io.fabula.adapters.in.http.problem;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidDefinitionException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.dropwizard.jersey.validation.ConstraintMessage;
import io.dropwizard.jersey.validation.JerseyViolationException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Path;
import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.NotAuthorizedException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.NotSupportedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Feature;
import jakarta.ws.rs.core.FeatureContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.ext.ExceptionMapper;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.glassfish.jersey.server.ParamException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every error of the Jersey application as {@code application/problem+json} (RFC 9457). Register this
 * feature once and turn Dropwizard's own mappers off ({@code registerDefaultExceptionMappers: false},
 * done by the API wiring); each mapper below replaces one of them:
 * <ul>
 *   <li>{@link FailureException}: a failure of the taxonomy (status, Retry-After, extension members);</li>
 *   <li>{@link WebApplicationException}: unknown route 404, wrong method 405 (with {@code Allow}), wrong
 *       content type 415, not acceptable 406, 401/403 from the auth filter, bad query/header parameters 400;</li>
 *   <li>{@link JsonProcessingException}: malformed or mistyped JSON in a request body 400;</li>
 *   <li>{@link JerseyViolationException}: Bean Validation failures 422 (400 for parameters), one entry per bad field;</li>
 *   <li>anything else: 500 with an {@code error_id} that is also in the log; nothing internal is shown.</li>
 * </ul>
 */
public final class ProblemMappers implements Feature {
    private static final Logger LOG = LoggerFactory.getLogger(ProblemMappers.class);

    private final FailureProblems failures;

    public ProblemMappers(Clock clock) {
        this.failures = new FailureProblems(clock);
    }

    @Override
    public boolean configure(FeatureContext context) {
        context.register(new FailureMapper(failures));
        context.register(new WebApplicationMapper());
        context.register(new JsonMapper());
        context.register(new ViolationMapper());
        context.register(new UncaughtMapper(failures));
        return true;
    }

    static Response answer(Problem problem) {
        return Response.status(problem.status()).type(Problem.MEDIA_TYPE).entity(problem).build();
    }

    static String path(UriInfo uri) {
        try {
            return "/" + uri.getPath(true).replaceFirst("^/", "");
        } catch (RuntimeException outsideARequest) {
            return null;
        }
    }

    static final class FailureMapper implements ExceptionMapper<FailureException> {
        private final FailureProblems failures;
        @Context
        private UriInfo uri;

        FailureMapper(FailureProblems failures) {
            this.failures = failures;
        }

        @Override
        public Response toResponse(FailureException exception) {
            return failures.response(exception.failure(), path(uri));
        }
    }

    static final class WebApplicationMapper implements ExceptionMapper<WebApplicationException> {
        @Context
        private UriInfo uri;
        @Context
        private Request request;
        @Context
        private HttpHeaders headers;

        @Override
        public Response toResponse(WebApplicationException exception) {
            Response original = exception.getResponse();
            if (original.hasEntity() && original.getEntity() instanceof Problem) {
                return original; // already a problem (e.g. from the auth filter)
            }
            int status = original.getStatus();
            if (exception instanceof ParamException param && param.getParameterType() != jakarta.ws.rs.PathParam.class) {
                status = 400; // JAX-RS says 404 for a bad query parameter; the resource exists, the request is wrong
            }
            Response.StatusType statusType = Response.Status.fromStatusCode(status);
            String title = statusType == null ? "HTTP " + status : statusType.getReasonPhrase();
            String kind = title.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("(^-|-$)", "");
            Problem problem = Problem.of(kind, title, status, detail(exception, status)).at(path(uri));
            Response.ResponseBuilder answer = Response.status(status).type(Problem.MEDIA_TYPE).entity(problem);
            for (String header : List.of(HttpHeaders.ALLOW, HttpHeaders.WWW_AUTHENTICATE, HttpHeaders.RETRY_AFTER,
                    HttpHeaders.LOCATION)) {
                Object value = original.getHeaders().getFirst(header);
                if (value != null) {
                    answer.header(header, value);
                }
            }
            if (status == 401 && original.getHeaders().getFirst(HttpHeaders.WWW_AUTHENTICATE) == null) {
                answer.header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"fabula\"");
            }
            if (status >= 500) {
                LOG.error("request {} {} failed with {}", method(), path(uri), status, exception);
            }
            return answer.build();
        }

        private String detail(WebApplicationException exception, int status) {
            if (exception instanceof ParamException param) {
                String where = switch (param.getParameterType().getSimpleName()) {
                    case "QueryParam" -> "query parameter";
                    case "HeaderParam" -> "header";
                    case "PathParam" -> "path parameter";
                    case "CookieParam" -> "cookie";
                    case "FormParam" -> "form field";
                    default -> "parameter";
                };
                return where + " " + param.getParameterName() + ": not a valid value";
            }
            if (exception instanceof NotFoundException) {
                return "nothing here: " + method() + " " + path(uri);
            }
            if (exception instanceof NotAllowedException) {
                return method() + " is not allowed on " + path(uri) + "; allowed: "
                        + exception.getResponse().getHeaderString(HttpHeaders.ALLOW);
            }
            if (exception instanceof NotSupportedException) {
                return "content type '" + headers.getHeaderString(HttpHeaders.CONTENT_TYPE)
                        + "' is not supported here; send application/json";
            }
            if (status == 406) {
                return "cannot answer in any of the accepted types (" + headers.getHeaderString(HttpHeaders.ACCEPT)
                        + "); this API answers application/json";
            }
            if (exception instanceof NotAuthorizedException) {
                return "a valid access token is required: send 'Authorization: Bearer <token>' (POST /api/v1/auth/login)";
            }
            if (status == 403) {
                return "your role does not allow this";
            }
            String message = exception.getMessage();
            // Jersey's own messages are "HTTP 400 Bad Request"-like; ours are meant for the client
            return message == null || message.startsWith("HTTP ") ? null : message;
        }

        private String method() {
            try {
                return request.getMethod();
            } catch (RuntimeException outsideARequest) {
                return "?";
            }
        }
    }

    static final class JsonMapper implements ExceptionMapper<JsonProcessingException> {
        @Context
        private UriInfo uri;

        @Override
        public Response toResponse(JsonProcessingException exception) {
            if (exception instanceof InvalidDefinitionException) {
                // our classes cannot be (de)serialized: a bug of ours, not the client's
                return UncaughtMapper.internal(exception, path(uri));
            }
            String detail;
            if (exception instanceof UnrecognizedPropertyException unknown) {
                detail = "unknown field '" + unknown.getPropertyName() + "'" + at(unknown);
            } else if (exception instanceof InvalidFormatException format) {
                detail = "field '" + field(format) + "' has a value of the wrong type or format" + at(format);
            } else if (exception instanceof MismatchedInputException mismatch) {
                detail = (field(mismatch).isEmpty() ? "the body" : "field '" + field(mismatch) + "'")
                        + " has the wrong JSON type" + at(mismatch);
            } else if (exception instanceof JsonParseException parse) {
                detail = "the body is not valid JSON" + (parse.getLocation() == null ? ""
                        : " (line " + parse.getLocation().getLineNr() + ", column " + parse.getLocation().getColumnNr() + ")");
            } else {
                detail = "the body could not be read as the expected JSON";
            }
            return answer(Problem.of("malformed-body", "Malformed request body", 400, detail).at(path(uri)));
        }

        private static String field(JsonMappingException exception) {
            return exception.getPath().stream()
                    .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                    .collect(Collectors.joining(".")).replace(".[", "[");
        }

        private static String at(JsonMappingException exception) {
            return exception.getLocation() == null ? ""
                    : " (line " + exception.getLocation().getLineNr() + ", column " + exception.getLocation().getColumnNr() + ")";
        }
    }

    static final class ViolationMapper implements ExceptionMapper<JerseyViolationException> {
        @Context
        private UriInfo uri;

        @Override
        public Response toResponse(JerseyViolationException exception) {
            List<Map<String, String>> errors = new ArrayList<>();
            for (ConstraintViolation<?> violation : exception.getConstraintViolations()) {
                Map<String, String> error = new LinkedHashMap<>();
                error.put("field", field(violation));
                error.put("message", ConstraintMessage.getMessage(violation, exception.getInvocable()));
                errors.add(error);
            }
            errors.sort(Comparator.comparing((Map<String, String> e) -> e.get("field")).thenComparing(e -> e.get("message")));
            int status = ConstraintMessage.determineStatus(exception.getConstraintViolations(), exception.getInvocable());
            status = status == 422 || status == 400 ? status : 422;
            String detail = errors.size() == 1 ? errors.get(0).get("message")
                    : errors.size() + " fields are invalid: " + errors.stream().map(e -> e.get("field")).distinct()
                    .collect(Collectors.joining(", "));
            return answer(Problem.of("validation", "Invalid request", status, detail).at(path(uri)).with("errors", errors));
        }

        /** The JSON name of the bad body field, or the parameter's name ({@code Idempotency-Key}, {@code limit}). */
        static String field(ConstraintViolation<?> violation) {
            String last = null;
            String parameter = null;
            for (Path.Node node : violation.getPropertyPath()) {
                if (node.getKind() == jakarta.validation.ElementKind.PARAMETER) {
                    parameter = node.getName();
                } else if (node.getKind() == jakarta.validation.ElementKind.PROPERTY) {
                    last = jsonName(violation.getLeafBean(), node.getName());
                }
            }
            if (last != null) {
                return last;
            }
            if (parameter == null) {
                return "body";
            }
            return parameter.replaceFirst("^(query param|header|path param|cookie|form field) ", "");
        }

        private static String jsonName(Object bean, String property) {
            if (bean == null) {
                return property;
            }
            try {
                com.fasterxml.jackson.annotation.JsonProperty json = bean.getClass().getDeclaredField(property)
                        .getAnnotation(com.fasterxml.jackson.annotation.JsonProperty.class);
                return json == null || json.value().isEmpty() ? property : json.value();
            } catch (NoSuchFieldException notAField) {
                return property;
            }
        }
    }

    static final class UncaughtMapper implements ExceptionMapper<Throwable> {
        private final FailureProblems failures;
        @Context
        private UriInfo uri;

        UncaughtMapper(FailureProblems failures) {
            this.failures = failures;
        }

        @Override
        public Response toResponse(Throwable exception) {
            if (lostDependency(exception)) {
                LOG.warn("a dependency is unreachable on {}: {}", path(uri), exception.toString());
                return failures.response(new io.fabula.domain.failure.Failure.Transient(
                        "a service Fabula depends on is unreachable at the moment; try again shortly"), path(uri));
            }
            return internal(exception, path(uri));
        }

        /** Connection lost, refused or timed out (JDBC state class 08, sockets): Transient, 503 + Retry-After. */
        static boolean lostDependency(Throwable exception) {
            for (Throwable cause = exception; cause != null; cause = cause.getCause()) {
                if (cause instanceof java.sql.SQLTransientConnectionException
                        || cause instanceof java.sql.SQLNonTransientConnectionException
                        || cause instanceof java.net.ConnectException
                        || cause instanceof java.net.SocketTimeoutException
                        || cause instanceof java.sql.SQLException sql && sql.getSQLState() != null && sql.getSQLState().startsWith("08")) {
                    return true;
                }
                if (cause.getCause() == cause) {
                    break;
                }
            }
            return false;
        }

        static Response internal(Throwable exception, String path) {
            String errorId = UUID.randomUUID().toString();
            LOG.error("unexpected error {} on {}", errorId, path, exception);
            return answer(Problem.of("internal", "Internal server error", 500,
                    "something went wrong on our side; quote error_id " + errorId + " when you report it")
                    .at(path).with("error_id", errorId));
        }
    }
}
