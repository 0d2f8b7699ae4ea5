package io.fabula.infra;

/** A started server: where it answers, and the child process that runs it. */
public record RunningServer<E>(E endpoint, ChildProcess process) implements AutoCloseable {

    public boolean isAlive() {
        return process.isAlive();
    }

    @Override
    public void close() {
        process.close();
    }
}
