package io.fabula.application.relay;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The outbox in memory, with the claim rule of the real one: a key's rows leave oldest first. */
final class InMemoryOutboxQueue implements OutboxQueue {
    enum Status { PENDING, SENDING, SENT, FAILED }

    static final class Row {
        final long id;
        final String key;
        Status status = Status.PENDING;
        int retryCount;
        final int maxRetries;
        String lastError;
        Duration delay = Duration.ZERO;

        Row(long id, String key, int maxRetries) {
            this.id = id;
            this.key = key;
            this.maxRetries = maxRetries;
        }
    }

    final Map<Long, Row> rows = new LinkedHashMap<>();
    private long nextId = 1;
    /** Rows with a delay are not due until the test says time has passed. */
    boolean delayedRowsDue;

    long add(String key) {
        long id = nextId++;
        rows.put(id, new Row(id, key, 5));
        return id;
    }

    Row row(long id) {
        return rows.get(id);
    }

    @Override
    public synchronized List<OutboxMessage> claim(int max, Duration lease) {
        List<OutboxMessage> claimed = new ArrayList<>();
        java.util.Set<String> blocked = new java.util.HashSet<>();
        for (Row row : rows.values()) {
            if (claimed.size() == max) {
                break;
            }
            boolean unsent = row.status == Status.PENDING || row.status == Status.SENDING;
            boolean due = row.status == Status.PENDING && (row.delay.isZero() || delayedRowsDue);
            if (unsent && (!due || blocked.contains(row.key))) {
                blocked.add(row.key);
                continue;
            }
            if (due) {
                row.status = Status.SENDING;
                claimed.add(new OutboxMessage(row.id, "genesis.session.events", row.key, "{}", Map.of(),
                        row.retryCount, row.maxRetries));
            }
        }
        return claimed;
    }

    @Override
    public synchronized void markSent(List<Long> ids) {
        ids.forEach(id -> rows.get(id).status = Status.SENT);
    }

    @Override
    public synchronized void retryLater(long id, Duration delay, String error) {
        Row row = rows.get(id);
        row.status = Status.PENDING;
        row.retryCount++;
        row.lastError = error;
        row.delay = delay;
    }

    @Override
    public synchronized void putBack(List<Long> ids, Duration delay) {
        ids.forEach(id -> {
            rows.get(id).status = Status.PENDING;
            rows.get(id).delay = delay;
        });
    }

    @Override
    public synchronized void fail(long id, String error) {
        rows.get(id).status = Status.FAILED;
        rows.get(id).lastError = error;
    }

    @Override
    public synchronized long pendingCount() {
        return rows.values().stream().filter(r -> r.status == Status.PENDING || r.status == Status.SENDING).count();
    }

    /** Ages are not modelled in memory: zero. */
    @Override
    public synchronized OutboxBacklog backlog() {
        return new OutboxBacklog(pendingCount(), Duration.ZERO,
                rows.values().stream().filter(r -> r.status == Status.FAILED).count());
    }
}
