package io.fabula.adapters.in.http;

/** The public API's base path (SPEC §6): every resource's {@code @Path} starts with it. */
public final class Api {
    public static final String V1 = "/api/v1";

    private Api() {
    }
}
