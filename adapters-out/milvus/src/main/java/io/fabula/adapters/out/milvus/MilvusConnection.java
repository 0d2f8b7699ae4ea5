package io.fabula.adapters.out.milvus;

import io.milvus.v2.client.ConnectConfig;
import io.milvus.v2.client.MilvusClientV2;
import io.milvus.v2.client.RetryConfig;
import java.time.Duration;
import java.util.Objects;

/**
 * The process's one Milvus client, opened on first use.
 *
 * <p>The SDK's client connects in its constructor and throws when the server is not there. Opening it
 * lazily lets the application start (and report Milvus unhealthy, and degrade) while Milvus is down, and
 * pick it up when it comes back. Once open, gRPC reconnects by itself. Thread-safe.
 */
public final class MilvusConnection implements AutoCloseable {
    private final ConnectConfig connectConfig;
    private final RetryConfig retryConfig;
    private MilvusClientV2 client;
    private boolean closed;

    /**
     * @param uri     e.g. {@code http://127.0.0.1:19530}
     * @param token   {@code user:password} or an API key; blank when the server has no authentication
     * @param timeout bounds connecting and every call (the SDK's own retries included)
     */
    public MilvusConnection(String uri, String token, Duration timeout) {
        Objects.requireNonNull(uri, "uri");
        long timeoutMs = timeout.toMillis();
        ConnectConfig.ConnectConfigBuilder<?, ?> config = ConnectConfig.builder()
                .uri(uri)
                .connectTimeoutMs(timeoutMs)
                .rpcDeadlineMs(timeoutMs);
        if (token != null && !token.isBlank()) {
            config.token(token);
        }
        this.connectConfig = config.build();
        // the SDK retries UNAVAILABLE for a long time by default; a caller that needs an answer in seconds cannot wait
        this.retryConfig = RetryConfig.builder().maxRetryTimes(1).maxRetryTimeoutMs(timeoutMs).build();
    }

    /** The open client; connects first if needed. Throws when Milvus cannot be reached. */
    public synchronized MilvusClientV2 client() {
        if (closed) {
            throw new IllegalStateException("the Milvus connection is closed");
        }
        if (client == null) {
            MilvusClientV2 opened = new MilvusClientV2(connectConfig);
            opened.retryConfig(retryConfig);
            client = opened;
        }
        return client;
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (client != null) {
            client.close();
            client = null;
        }
    }
}
