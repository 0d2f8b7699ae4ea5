package io.fabula.app;

import io.fabula.app.config.DevServersConfig;
import io.fabula.infra.Endpoints;
import io.fabula.infra.NativeServers;
import io.fabula.infra.RunningServer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * The five infrastructure servers of {@code dev}, started natively and in parallel (the JVM servers take
 * seconds each; one after the other would add up). Each keeps its data and log under its own folder of
 * the data directory. If one fails to start, the others are stopped and the failure is thrown.
 *
 * <p>Every server is also tied to this JVM (see {@link io.fabula.infra.ChildProcess}): they stop on
 * Ctrl-C through the launcher's shutdown hooks, and even on {@code kill -9} of this JVM.
 */
record DevServers(
        Path dataDir,
        RunningServer<Endpoints.Postgres> postgres,
        RunningServer<Endpoints.Kafka> kafka,
        RunningServer<Endpoints.Redis> redis,
        RunningServer<Endpoints.Neo4j> neo4j,
        RunningServer<Endpoints.Milvus> milvus) implements AutoCloseable {

    static DevServers start(NativeServers natives, Path dataDir, DevServersConfig ports) {
        ExecutorService starters = Executors.newFixedThreadPool(5, runnable -> {
            Thread thread = new Thread(runnable, "dev-server-start");
            thread.setDaemon(true);
            return thread;
        });
        List<CompletableFuture<? extends RunningServer<?>>> all = new ArrayList<>();
        try {
            var postgres = startAsync(all, starters,
                    () -> natives.postgres(dataDir.resolve("postgres"), ports.postgresPort()));
            var kafka = startAsync(all, starters,
                    () -> natives.kafka(dataDir.resolve("kafka"), ports.kafkaPort(), ports.kafkaControllerPort()));
            var redis = startAsync(all, starters,
                    () -> natives.redis(dataDir.resolve("redis"), ports.redisPort(), true));
            var neo4j = startAsync(all, starters,
                    () -> natives.neo4j(dataDir.resolve("neo4j"), ports.neo4jPort()));
            var milvus = startAsync(all, starters,
                    () -> natives.milvus(dataDir.resolve("milvus"), ports.milvusPort()));
            CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).join();
            return new DevServers(dataDir, postgres.join(), kafka.join(), redis.join(), neo4j.join(), milvus.join());
        } catch (CompletionException e) {
            stopStarted(all);
            throw new IllegalStateException("a dev server did not start: " + e.getCause().getMessage(), e.getCause());
        } finally {
            starters.shutdown();
        }
    }

    private static <S extends RunningServer<?>> CompletableFuture<S> startAsync(
            List<CompletableFuture<? extends RunningServer<?>>> all, ExecutorService starters, Supplier<S> start) {
        CompletableFuture<S> future = CompletableFuture.supplyAsync(start, starters);
        all.add(future);
        return future;
    }

    private static void stopStarted(List<CompletableFuture<? extends RunningServer<?>>> all) {
        for (CompletableFuture<? extends RunningServer<?>> future : all) {
            // waits for the ones still starting, so none is left behind half-started
            RunningServer<?> server = future.handle((started, failure) -> started).join();
            if (server != null) {
                server.close();
            }
        }
    }

    @Override
    public void close() {
        for (RunningServer<?> server : List.of(milvus, neo4j, redis, kafka, postgres)) {
            server.close();
        }
    }
}
