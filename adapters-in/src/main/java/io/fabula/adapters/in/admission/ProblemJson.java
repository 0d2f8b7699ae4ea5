package io.fabula.adapters.in.admission;

import java.time.Duration;

/**
 * RFC 9457 bodies for answers given before (or outside) Jersey's exception mappers: the admission
 * filters and the SSE stream. Same shape as every other error of the API: {@code type} is
 * {@code urn:fabula:problem:<kind>}, and {@code retry_after_seconds} repeats the {@code Retry-After} header.
 */
public final class ProblemJson {
    public static final String MEDIA_TYPE = "application/problem+json";

    private ProblemJson() {
    }

    public static String body(String kind, String title, int status, String detail, String instance, Duration retryAfter) {
        StringBuilder json = new StringBuilder(256)
                .append("{\"type\":\"urn:fabula:problem:").append(kind).append('"')
                .append(",\"title\":").append(quote(title))
                .append(",\"status\":").append(status)
                .append(",\"detail\":").append(quote(detail));
        if (instance != null) {
            json.append(",\"instance\":").append(quote(instance));
        }
        if (retryAfter != null) {
            json.append(",\"retry_after_seconds\":").append(seconds(retryAfter));
        }
        return json.append('}').toString();
    }

    /** Whole seconds, rounded up, at least 1: the value of a {@code Retry-After} header. */
    public static long seconds(Duration retryAfter) {
        long millis = Math.max(0, retryAfter.toMillis());
        return Math.max(1, (millis + 999) / 1000);
    }

    private static String quote(String text) {
        StringBuilder quoted = new StringBuilder(text.length() + 2).append('"');
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> quoted.append("\\\"");
                case '\\' -> quoted.append("\\\\");
                case '\n' -> quoted.append("\\n");
                case '\r' -> quoted.append("\\r");
                case '\t' -> quoted.append("\\t");
                default -> {
                    if (c < 0x20) {
                        quoted.append(String.format("\\u%04x", (int) c));
                    } else {
                        quoted.append(c);
                    }
                }
            }
        }
        return quoted.append('"').toString();
    }
}
