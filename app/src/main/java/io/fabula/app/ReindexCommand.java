package io.fabula.app;

import io.dropwizard.core.cli.ConfiguredCommand;
import io.dropwizard.core.setup.Bootstrap;
import io.dropwizard.db.ManagedDataSource;
import io.fabula.adapters.out.milvus.MilvusConnection;
import io.fabula.adapters.out.milvus.MilvusStoryMemory;
import io.fabula.adapters.out.postgres.JdbiEventArchive;
import io.fabula.app.wiring.Story;
import io.fabula.application.memory.RebuildStoryMemory;
import io.fabula.codec.EventEnvelopeCodec;
import java.time.Duration;
import net.sourceforge.argparse4j.inf.Namespace;
import org.jdbi.v3.core.Jdbi;

/**
 * {@code reindex}: drops the story memory's collection and rebuilds it from the domain events in PostgreSQL
 * (SPEC §5/§10: Milvus is re-derivable, so backups do not hold it). Safe to run while Fabula serves: the
 * projection keeps upserting by id, and whatever the rebuild writes is what the projection would write.
 */
final class ReindexCommand extends ConfiguredCommand<FabulaConfiguration> {

    ReindexCommand() {
        super("reindex", "Rebuilds the Milvus story memory from the events in PostgreSQL");
    }

    @Override
    protected void run(Bootstrap<FabulaConfiguration> bootstrap, Namespace namespace, FabulaConfiguration config)
            throws Exception {
        ManagedDataSource dataSource = config.postgres().dataSourceFactory().build(bootstrap.getMetricRegistry(), "postgres");
        dataSource.start();
        try (MilvusConnection milvus = new MilvusConnection(config.milvus().uri(), config.milvus().token(),
                Duration.ofMillis(config.milvus().timeout().toMilliseconds()))) {
            MilvusStoryMemory memory = new MilvusStoryMemory(milvus, Story.embedder(config.embeddings()),
                    config.milvus().collection());
            long started = System.nanoTime();
            RebuildStoryMemory.Report report = new RebuildStoryMemory(
                    new JdbiEventArchive(Jdbi.create(dataSource), new EventEnvelopeCodec()), memory).run();
            System.out.printf("reindex: %d events read, %d passages written to %s in %d ms%n", report.eventsRead(),
                    report.passagesWritten(), config.milvus().collection(), (System.nanoTime() - started) / 1_000_000);
        } finally {
            dataSource.stop();
        }
    }
}
