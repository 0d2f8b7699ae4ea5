package io.fabula.adapters.in.sse;

/** The writer already holds the most streams allowed (SPEC §6: the third → 429 + Retry-After 30). */
final class TooManyConnections extends RuntimeException {
    TooManyConnections(int open) {
        super("this writer already has " + open + " open event streams; close one (or reuse its X-Tab-ID)", null, false, false);
    }
}
