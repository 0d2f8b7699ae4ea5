package io.fabula.infra;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One infrastructure server inside the child JVM that {@link NativeServers} starts: the
 * {@code infra/*-server} mains implement {@link #start} and {@link #stop} and hand themselves to
 * {@link #run}, which keeps the contract with the launcher the same for all of them.
 *
 * <ul>
 *   <li>arguments are {@code --name value} pairs ({@code --port}, {@code --data-dir}, ...);</li>
 *   <li>{@value NativeServers#READY_MARKER} is printed once clients can use the server;</li>
 *   <li>end of stdin (the parent stopped or died) or SIGTERM stops the server cleanly;</li>
 *   <li>a failed start is a message and a stack trace on stderr and exit code 1.</li>
 * </ul>
 */
public interface ChildServer {

    /** Starts the server and returns once clients can use it; answers where it listens. */
    String start(Options options) throws Exception;

    /** Stops the server cleanly; called once from the shutdown hook, possibly before start finished. */
    void stop() throws Exception;

    static void run(String name, String[] args, ChildServer server) {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                server.stop();
            } catch (Exception e) {
                System.err.println(name + " did not stop cleanly: " + e);
            }
        }, name + "-stop"));
        watchStdin(); // after the hook: an early EOF must still stop what has been started
        try {
            String where = server.start(Options.parse(args));
            System.out.println(NativeServers.READY_MARKER + " " + name + " " + where);
            System.out.flush();
            Thread.currentThread().join(); // serve until stdin EOF or SIGTERM ends the JVM
        } catch (Throwable e) {
            System.err.println(name + " server failed to start: " + e);
            e.printStackTrace();
            System.exit(1);
        }
    }

    /** Our parent holds the other end of stdin: EOF means it stopped or died, so we stop too. */
    private static void watchStdin() {
        Thread watcher = new Thread(() -> {
            try (InputStream in = System.in) {
                while (in.read() != -1) {
                    // nothing is sent on purpose; we only wait for the end of the stream
                }
            } catch (IOException ignored) {
                // a broken pipe is an end of stream too
            }
            System.exit(0); // the shutdown hook stops the server
        }, "stdin-watch");
        watcher.setDaemon(true);
        watcher.start();
    }

    /** The {@code --name value} arguments of a server main. */
    record Options(Map<String, String> values) {

        static Options parse(String[] args) {
            if (args.length % 2 != 0) {
                throw new IllegalArgumentException("expected --name value pairs, got " + List.of(args));
            }
            Map<String, String> values = new HashMap<>();
            for (int i = 0; i < args.length; i += 2) {
                values.put(args[i], args[i + 1]);
            }
            return new Options(Map.copyOf(values));
        }

        public String required(String name) {
            String value = values.get(name);
            if (value == null) {
                throw new IllegalArgumentException("missing " + name + " (got " + values.keySet() + ")");
            }
            return value;
        }

        public int port(String name) {
            return Integer.parseInt(required(name));
        }

        public Path directory(String name) {
            return Path.of(required(name)).toAbsolutePath();
        }
    }
}
