package io.fabula.infra.kafka;

import io.fabula.infra.ChildServer;
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
public final class KafkaServerMain implements ChildServer {
    private static final String HOST = "127.0.0.1";

    private volatile KafkaRaftServer server;

    public static void main(String[] args) {
        ChildServer.run("kafka", args, new KafkaServerMain());
    }

    @Override
    public String start(ChildServer.Options options) throws Exception {
        int port = options.port("--port");
        int controllerPort = options.port("--controller-port");
        Path dataDir = options.directory("--data-dir");
        Path logDir = dataDir.resolve("kafka-logs");
        Path configFile = writeConfig(dataDir, properties(port, controllerPort, logDir));
        if (!Files.exists(logDir.resolve("meta.properties"))) {
            formatStorage(configFile);
        }
        server = new KafkaRaftServer(KafkaConfig.fromProps(properties(port, controllerPort, logDir)), Time.SYSTEM);
        server.startup(); // returns once the broker is unfenced (RUNNING)
        awaitMetadata(HOST + ":" + port);
        return HOST + ":" + port;
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

    @Override
    public void stop() {
        KafkaRaftServer running = server;
        if (running != null) {
            running.shutdown(); // controlled shutdown: logs flushed, clean-shutdown marker written
            running.awaitShutdown();
        }
    }
}
