package io.safetywatcher.console.web;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Server-sent events to every open desk page: each change of the alert list is pushed as one
 * {@code event: alert} whose data is the row as it now stands. A page that cannot keep up (its
 * queue full) is cut off; its browser reconnects by itself and reloads the list, so it never
 * shows a row that silently missed a change.
 */
public final class LiveStream {
    /** Pushes a page may fall behind by before it is cut off. */
    static final int QUEUE = 2_000;
    /** At most this many pages at once: each holds a server thread. */
    static final int MAX_CLIENTS = 64;
    private static final Duration PING = Duration.ofSeconds(15);

    private final Set<BlockingQueue<String>> clients = ConcurrentHashMap.newKeySet();

    /** Queues one event for every page. */
    public void publish(String event, String json) {
        String message = "event: " + event + "\ndata: " + json.replace("\n", "\ndata: ") + "\n\n";
        for (BlockingQueue<String> q : clients) {
            if (!q.offer(message)) {
                clients.remove(q);
                q.clear();
                q.offer(CUT);
            }
        }
    }

    public int clients() { return clients.size(); }

    /** Queued in place of what a full queue could not take: compared by identity. */
    @SuppressWarnings("StringOperationCanBeSimplified")
    private static final String CUT = new String("cut");

    /**
     * Streams to {@code out} until the page goes, the session ends ({@code stillSignedIn} false at a
     * ping) or the page falls behind; false when there are already {@link #MAX_CLIENTS} pages.
     */
    public boolean serve(OutputStream out, BooleanSupplier stillSignedIn) throws IOException {
        if (clients.size() >= MAX_CLIENTS) {
            return false;
        }
        BlockingQueue<String> q = new ArrayBlockingQueue<>(QUEUE);
        clients.add(q);
        try {
            out.write(("retry: 2000\n: connected\n\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
            while (true) {
                String m = q.poll(PING.toMillis(), TimeUnit.MILLISECONDS);
                if (m == CUT) {
                    return true;
                }
                if (m == null) {
                    if (!stillSignedIn.getAsBoolean()) {
                        out.write("event: signed-out\ndata: {}\n\n".getBytes(StandardCharsets.UTF_8));
                        out.flush();
                        return true;
                    }
                    m = ": ping\n\n";
                }
                StringBuilder batch = new StringBuilder(m);
                boolean cut = false;
                for (String more; batch.length() < 64 * 1024 && (more = q.poll()) != null; ) {
                    if (more == CUT) {
                        cut = true;
                        break;
                    }
                    batch.append(more);
                }
                out.write(batch.toString().getBytes(StandardCharsets.UTF_8));
                out.flush();
                if (cut) {
                    return true;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return true;
        } finally {
            clients.remove(q);
        }
    }
}
