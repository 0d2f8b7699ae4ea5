package io.fabula.adapters.in.admin;

import io.fabula.application.switches.SwitchStoreUnavailableException;
import io.fabula.application.switches.SwitchValues;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * In front of {@code /tasks/flag}: Dropwizard's task servlet answers any exception of a task with 500 and a
 * stack trace, so this filter runs the {@link FlagTask} itself with proper answers: bad input 400
 * {@code application/problem+json} naming the problem, a store outage 503 + Retry-After, nothing changed in
 * either case; 200 with the task's output otherwise. Other methods than POST go on to Dropwizard (405).
 */
public final class FlagTaskFilter implements Filter {
    private final FlagTask task;

    public FlagTaskFilter(FlagTask task) {
        this.task = java.util.Objects.requireNonNull(task, "task");
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        HttpServletRequest http = (HttpServletRequest) request;
        HttpServletResponse answer = (HttpServletResponse) response;
        try {
            SwitchValues.parseName(http.getParameter("name"));
            String value = http.getParameter("value");
            if (value != null) {
                SwitchValues.parseValue(value);
            }
        } catch (IllegalArgumentException e) {
            problem(answer, 400, "Invalid switch change", e.getMessage());
            return;
        }
        if (!"POST".equals(http.getMethod())) {
            chain.doFilter(request, response);
            return;
        }
        java.io.StringWriter output = new java.io.StringWriter();
        try (java.io.PrintWriter writer = new java.io.PrintWriter(output)) {
            task.execute(parameters(http), writer);
        } catch (RuntimeException e) {
            if (causedByStoreOutage(e)) {
                answer.setHeader("Retry-After", "5");
                problem(answer, 503, "Switch store unavailable",
                        "the switch store (PostgreSQL) cannot be reached; nothing changed");
                return;
            }
            throw e;
        }
        answer.setStatus(200);
        answer.setContentType("text/plain");
        answer.setCharacterEncoding("UTF-8");
        answer.getWriter().write(output.toString());
    }

    private static java.util.Map<String, java.util.List<String>> parameters(HttpServletRequest http) {
        java.util.Map<String, java.util.List<String>> parameters = new java.util.HashMap<>();
        http.getParameterMap().forEach((key, values) -> parameters.put(key, java.util.List.of(values)));
        return parameters;
    }

    private static boolean causedByStoreOutage(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof SwitchStoreUnavailableException) {
                return true;
            }
        }
        return false;
    }

    static void problem(HttpServletResponse response, int status, String title, String detail) throws IOException {
        response.setStatus(status);
        response.setContentType("application/problem+json");
        response.setCharacterEncoding("UTF-8");
        response.getWriter().write("{\"type\":\"about:blank\",\"title\":\"" + escape(title) + "\",\"status\":" + status
                + ",\"detail\":\"" + escape(detail) + "\"}");
    }

    private static String escape(String text) {
        StringBuilder escaped = new StringBuilder(text.length() + 8);
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> escaped.append("\\\"");
                case '\\' -> escaped.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        escaped.append(String.format("\\u%04x", (int) c));
                    } else {
                        escaped.append(c);
                    }
                }
            }
        }
        return escaped.toString();
    }
}
