package io.fabula.app;

import io.dropwizard.core.cli.EnvironmentCommand;
import io.dropwizard.core.setup.Bootstrap;
import io.dropwizard.core.setup.Environment;
import io.fabula.app.wiring.Flow;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import net.sourceforge.argparse4j.inf.Namespace;
import net.sourceforge.argparse4j.inf.Subparser;
import org.eclipse.jetty.util.component.LifeCycle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code worker config.yml --capabilities=orchestrator,outline,review} (default {@code all}): the orchestrator
 * and/or agent workers only, no HTTP (SPEC §1 process roles). Scale a capability by running more workers
 * with it: each is a member of that capability's consumer group. Stops on SIGTERM/Ctrl-C after each
 * consumer's task in hand ({@code flow.shutdownGrace}); a kill -9 leaves the task to another member.
 */
final class WorkerCommand extends EnvironmentCommand<FabulaConfiguration> {
    private static final Logger LOG = LoggerFactory.getLogger(WorkerCommand.class);

    private final FabulaApplication application;

    WorkerCommand(FabulaApplication application) {
        super(application, "worker", "Runs the orchestrator and agent workers (no HTTP); --capabilities picks which");
        this.application = application;
    }

    @Override
    public void configure(Subparser subparser) {
        super.configure(subparser);
        subparser.addArgument("--capabilities")
                .dest("capabilities")
                .setDefault("all")
                .help("all (default), or a comma-separated list of orchestrator, outline, writer, review, world, "
                        + "character, plot, factcheck, rewriter, worldsmith");
    }

    @Override
    protected void run(Bootstrap<FabulaConfiguration> bootstrap, Namespace namespace, FabulaConfiguration config)
            throws Exception {
        application.runAsWorker(Flow.Roles.parse(namespace.getString("capabilities")));
        super.run(bootstrap, namespace, config);
    }

    @Override
    protected void run(Environment environment, Namespace namespace, FabulaConfiguration config) throws Exception {
        List<LifeCycle> managed = environment.lifecycle().getManagedObjects();
        List<LifeCycle> started = new ArrayList<>();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            List<LifeCycle> reverse = new ArrayList<>(started);
            Collections.reverse(reverse);
            for (LifeCycle lifeCycle : reverse) {
                try {
                    lifeCycle.stop();
                } catch (Exception e) {
                    LOG.warn("stopping {} failed: {}", lifeCycle, e.toString());
                }
            }
            stopped.countDown();
        }, "worker-shutdown"));
        for (LifeCycle lifeCycle : managed) {
            lifeCycle.start();
            started.add(lifeCycle);
        }
        LOG.info("worker running: {}", namespace.getString("capabilities"));
        stopped.await();
    }
}
