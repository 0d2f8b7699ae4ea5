package io.fabula.infra;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * A server running as a child process, tied to this JVM's life.
 *
 * <p>The child's stdin is a pipe that only this JVM holds. Every server we start watches its stdin and
 * shuts down on end-of-file, so the servers stop even when this JVM is killed with {@code -9}: the
 * kernel closes the pipe. {@link #close()} closes the pipe first (a clean shutdown), then terminates
 * the whole process tree if the server has not stopped within the grace period.
 */
public final class ChildProcess implements AutoCloseable {
    private static final Duration GRACE = Duration.ofSeconds(20);

    private final String name;
    private final Process process;
    private final OutputStream stdin;
    private final Path logFile;
    /** Stops the child if this JVM exits without closing it; removed again by {@link #close()}. */
    private final Thread stopAtExit;

    private ChildProcess(String name, Process process, Path logFile) {
        this.name = name;
        this.process = process;
        this.stdin = process.getOutputStream();
        this.logFile = logFile;
        this.stopAtExit = new Thread(this::stop, "stop-" + name);
    }

    /** Starts {@code command}; stdout and stderr go to {@code logFile} (truncated). */
    public static ChildProcess start(String name, List<String> command, Path logFile, Map<String, String> env) {
        try {
            Files.createDirectories(logFile.toAbsolutePath().getParent());
            ProcessBuilder builder = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(logFile.toFile())
                    .redirectInput(ProcessBuilder.Redirect.PIPE);
            builder.environment().putAll(env);
            ChildProcess child = new ChildProcess(name, builder.start(), logFile);
            Runtime.getRuntime().addShutdownHook(child.stopAtExit);
            return child;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name + ": " + String.join(" ", command), e);
        }
    }

    public String name() {
        return name;
    }

    public long pid() {
        return process.pid();
    }

    public Path logFile() {
        return logFile;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Waits until the server's log holds a line starting with {@code marker}. */
    public void awaitLogLine(String marker, Duration timeout) {
        await(timeout, "a log line starting with '" + marker + "'", () -> logContainsLineStartingWith(marker));
    }

    /** Waits until a TCP connection to {@code host:port} succeeds. */
    public void awaitPort(String host, int port, Duration timeout) {
        await(timeout, "port " + host + ":" + port + " to accept connections", () -> canConnect(host, port));
    }

    private void await(Duration timeout, String what, BooleanSupplier ready) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!ready.getAsBoolean()) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with code " + process.exitValue()
                        + " while waiting for " + what + "\n" + logTail());
            }
            if (System.nanoTime() > deadline) {
                close();
                throw new IllegalStateException(name + " did not show " + what + " within " + timeout + "\n" + logTail());
            }
            pause();
        }
    }

    private static void pause() {
        try {
            TimeUnit.MILLISECONDS.sleep(100); // polling a child's start-up, not synchronising a test
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a server", e);
        }
    }

    private boolean logContainsLineStartingWith(String marker) {
        try {
            if (!Files.exists(logFile)) {
                return false;
            }
            try (var lines = Files.lines(logFile, StandardCharsets.ISO_8859_1)) {
                return lines.anyMatch(line -> line.startsWith(marker));
            }
        } catch (IOException | UncheckedIOException e) {
            return false;
        }
    }

    static boolean canConnect(String host, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** The last lines of the log, to put into error messages. */
    public String logTail() {
        try {
            List<String> lines = Files.readAllLines(logFile, StandardCharsets.ISO_8859_1);
            int from = Math.max(0, lines.size() - 40);
            return "--- last lines of " + logFile + " ---\n" + String.join("\n", lines.subList(from, lines.size()));
        } catch (IOException e) {
            return "(no log at " + logFile + ")";
        }
    }

    /** Kills the process tree at once, as a crash would (for chaos drills and failure tests). */
    public void kill() {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        waitFor(process.toHandle(), Duration.ofSeconds(10));
    }

    /** Asks the server to stop (stdin EOF), then escalates to SIGTERM and SIGKILL of the whole tree. */
    @Override
    public void close() {
        try {
            Runtime.getRuntime().removeShutdownHook(stopAtExit);
        } catch (IllegalStateException exiting) {
            // the JVM is shutting down and the hook is running or about to: it stops the child
        }
        stop();
    }

    private void stop() {
        if (!process.isAlive()) {
            return;
        }
        List<ProcessHandle> tree = process.descendants().toList();
        try {
            stdin.close();
        } catch (IOException ignored) {
            // the pipe is already gone: the child is on its way out
        }
        if (!waitFor(process.toHandle(), GRACE)) {
            process.destroy();
            if (!waitFor(process.toHandle(), Duration.ofSeconds(5))) {
                process.destroyForcibly();
            }
        }
        for (ProcessHandle descendant : tree) {
            if (descendant.isAlive()) {
                descendant.destroy();
                if (!waitFor(descendant, Duration.ofSeconds(5))) {
                    descendant.destroyForcibly();
                }
            }
        }
    }

    private static boolean waitFor(ProcessHandle handle, Duration timeout) {
        try {
            handle.onExit().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            return !handle.isAlive();
        }
    }
}
