package io.fabula.infra.kafka;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;

import java.io.IOException;
import java.io.InputStream;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * A single-node Kafka (KRaft, broker and controller in one process) for tests and {@code fabula dev},
 * run as a child process by {@code io.fabula.infra.NativeServers}.
 *
 * <p>Args: {@code --port P --controller-port C --data-dir D}. Clients use PLAINTEXT on 127.0.0.1:P; the
 * KRaft quorum talks on 127.0.0.1:C. Logs live in {@code D/kafka-logs}, formatted on the first start only
 * (the cluster id is then read back from {@code meta.properties}). Prints {@code FABULA-READY} once a
 * client has been served metadata. Stops cleanly on stdin EOF (our parent stopped or died) and on SIGTERM.
 */
public final class KafkaServerMain {
    private static final String HOST = "127.0.0.1";

    private static volatile KafkaRaftServer server;

    private KafkaServerMain() {
    }

    public static void main(String[] args) {
        Runtime.getRuntime().addShutdownHook(new Thread(KafkaServerMain::stop, "kafka-stop"));
        watchStdin(); // after the hook: an early EOF must still stop what has been started
        try {
            Map<String, String> options = options(args);
            int port = Integer.parseInt(required(options, "--port"));
            int controllerPort = Integer.parseInt(required(options, "--controller-port"));
            Path dataDir = Path.of(required(options, "--data-dir")).toAbsolutePath();
            Path logDir = dataDir.resolve("kafka-logs");
            Path configFile = writeConfig(dataDir, properties(port, controllerPort, logDir));
            if (!Files.exists(logDir.resolve("meta.properties"))) {
                formatStorage(configFile);
            }
            server = new KafkaRaftServer(KafkaConfig.fromProps(properties(port, controllerPort, logDir)), Time.SYSTEM);
            server.startup(); // returns once the broker is unfenced (RUNNING)
            awaitMetadata(HOST + ":" + port);
            System.out.println("FABULA-READY kafka " + HOST + ":" + port);
            System.out.flush();
            server.awaitShutdown(); // until stdin EOF or SIGTERM ends the JVM
        } catch (Throwable e) {
            System.err.println("kafka server failed to start: " + e);
            e.printStackTrace();
            System.exit(1);
        }
    }

    private static Properties properties(int port, int controllerPort, Path logDir) {
        Properties p = new Properties();
        p.put("process.roles", "broker,controller");
        p.put("node.id", "1");
        p.put("controller.quorum.voters", "1@" + HOST + ":" + controllerPort); // static quorum of one
        p.put("listeners", "PLAINTEXT://" + HOST + ":" + port + ",CONTROLLER://" + HOST + ":" + controllerPort);
        p.put("advertised.listeners", "PLAINTEXT://" + HOST + ":" + port);
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.put("controller.listener.names", "CONTROLLER");
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("log.dirs", logDir.toString());
        p.put("auto.create.topics.enable", "true");
        p.put("num.partitions", "1");
        p.put("default.replication.factor", "1");
        p.put("min.insync.replicas", "1");
        // one node: the internal topics cannot have 3 replicas, or consumer groups and transactions stall
        p.put("offsets.topic.replication.factor", "1");
        p.put("offsets.topic.num.partitions", "1"); // 50 by default: slow first group join, many files
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("transaction.state.log.num.partitions", "1");
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("share.coordinator.state.topic.min.isr", "1");
        p.put("group.initial.rebalance.delay.ms", "0"); // tests should not wait 3 s for the first rebalance
        return p;
    }

    /** The properties as a file: what StorageTool reads, and what a human looks at when debugging. */
    private static Path writeConfig(Path dataDir, Properties properties) throws IOException {
        Path file = Files.createDirectories(dataDir).resolve("server.properties");
        try (Writer writer = Files.newBufferedWriter(file)) {
            properties.store(writer, "written by KafkaServerMain at each start");
        }
        return file;
    }

    /** {@code kafka-storage format}, the same tool the Kafka distribution uses; first start only. */
    private static void formatStorage(Path configFile) {
        String clusterId = Uuid.randomUuid().toString();
        int code = StorageTool.execute(new String[] {"format", "-t", clusterId, "-c", configFile.toString()}, System.out);
        if (code != 0) {
            throw new IllegalStateException("kafka-storage format failed with code " + code);
        }
    }

    /** Truly ready: a client on the PLAINTEXT listener is served metadata that lists this broker. */
    private static void awaitMetadata(String bootstrap) throws Exception {
        Map<String, Object> config = Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                AdminClientConfig.CLIENT_ID_CONFIG, "fabula-readiness");
        try (Admin admin = Admin.create(config)) {
            if (admin.describeCluster().nodes().get(60, TimeUnit.SECONDS).isEmpty()) {
                throw new IllegalStateException("the broker serves metadata without any broker in it");
            }
        }
    }

    private static void stop() {
        KafkaRaftServer running = server;
        if (running != null) {
            running.shutdown(); // controlled shutdown: logs flushed, clean-shutdown marker written
            running.awaitShutdown();
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
            System.exit(0); // the shutdown hook stops Kafka
        }, "stdin-watch");
        watcher.setDaemon(true);
        watcher.start();
    }

    private static Map<String, String> options(String[] args) {
        if (args.length % 2 != 0) {
            throw new IllegalArgumentException("usage: --port P --controller-port C --data-dir D, got " + List.of(args));
        }
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i < args.length; i += 2) {
            options.put(args[i], args[i + 1]);
        }
        return options;
    }

    private static String required(Map<String, String> options, String name) {
        String value = options.get(name);
        if (value == null) {
            throw new IllegalArgumentException("missing " + name);
        }
        return value;
    }
}
