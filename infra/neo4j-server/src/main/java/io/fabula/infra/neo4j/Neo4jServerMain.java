package io.fabula.infra.neo4j;

import io.fabula.infra.ChildServer;
import org.neo4j.configuration.GraphDatabaseInternalSettings;
import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.connectors.HttpConnector;
import org.neo4j.configuration.connectors.HttpsConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.graphdb.GraphDatabaseService;
import org.neo4j.io.ByteUnit;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Neo4j 5 Community, embedded, serving Bolt for tests and {@code fabula dev}; run as a child process by
 * {@code io.fabula.infra.NativeServers}.
 *
 * <p>Args: {@code --port P --data-dir D}. Bolt on 127.0.0.1:P without auth (clients use
 * {@code AuthTokens.none()}), no HTTP; the store lives in {@code D/neo4j} (kept across restarts). Memory is
 * kept small because several servers share a 2-core machine. Prints {@code FABULA-READY} once the default
 * database is available and Bolt accepts connections. Stops cleanly on stdin EOF (our parent stopped or
 * died) and on SIGTERM.
 */
public final class Neo4jServerMain implements ChildServer {
    private static final String HOST = "127.0.0.1";
    private static final long START_TIMEOUT_MS = 120_000;

    private volatile DatabaseManagementService dbms;

    public static void main(String[] args) {
        ChildServer.run("neo4j", args, new Neo4jServerMain());
    }

    @Override
    public String start(ChildServer.Options options) throws Exception {
        int port = options.port("--port");
        Path home = options.directory("--data-dir").resolve("neo4j");
        dbms = new DatabaseManagementServiceBuilder(home)
                .setConfig(BoltConnector.enabled, true)
                .setConfig(BoltConnector.listen_address, new SocketAddress(HOST, port))
                .setConfig(BoltConnector.encryption_level, BoltConnector.EncryptionLevel.DISABLED)
                .setConfig(HttpConnector.enabled, false)
                .setConfig(HttpsConnector.enabled, false)
                .setConfig(GraphDatabaseSettings.auth_enabled, false)
                .setConfig(GraphDatabaseSettings.pagecache_memory, ByteUnit.mebiBytes(64))
                // small transaction logs: rotate at 16 MiB, keep two files, no pre-allocated space
                .setConfig(GraphDatabaseSettings.logical_log_rotation_threshold, ByteUnit.mebiBytes(16))
                .setConfig(GraphDatabaseSettings.keep_logical_logs, "2 files")
                .setConfig(GraphDatabaseSettings.preallocate_logical_logs, false)
                .setConfig(GraphDatabaseSettings.udc_enabled, false) // no usage data calls home
                // Bolt's netty loops wait a 5 s quiet period each at shutdown (10 s per stop, measured);
                // the databases are already closed by then, so there is nothing left to wait for
                .setConfig(GraphDatabaseInternalSettings.netty_server_shutdown_quiet_period, 0)
                .build();
        GraphDatabaseService db = dbms.database(GraphDatabaseSettings.DEFAULT_DATABASE_NAME);
        if (!db.isAvailable(START_TIMEOUT_MS)) {
            throw new IllegalStateException("the default database did not become available");
        }
        awaitBolt(port);
        return "bolt://" + HOST + ":" + port;
    }

    /** The Bolt connector starts with the DBMS; check that it really accepts connections. */
    private static void awaitBolt(int port) throws InterruptedException {
        long deadline = System.currentTimeMillis() + START_TIMEOUT_MS;
        while (true) {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(HOST, port), 500);
                return;
            } catch (IOException e) {
                if (System.currentTimeMillis() > deadline) {
                    throw new IllegalStateException("bolt does not accept connections on " + HOST + ":" + port, e);
                }
                Thread.sleep(100); // polling our own start-up
            }
        }
    }

    @Override
    public void stop() {
        DatabaseManagementService running = dbms;
        if (running != null) {
            running.shutdown(); // checkpoints and closes the store: the next start needs no recovery
        }
    }
}
