package io.safetywatcher.alertjob.registry;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * A copy of something the job reads from Cassandra (the registry, the silences), read again
 * once it is {@code refresh} old. A failed re-read (a node just down, a timeout) keeps the last
 * good copy, says so in the log and is tried again after {@code retryAfter}: one slow read must
 * not stop the queries and their alerts. Only the first read, with no copy to fall back on, fails.
 * A due re-read runs on a thread of its own while callers go on with the copy they have: with a
 * Cassandra node just killed a read can wait seconds for its timeout, and every task of the
 * detect query waited behind it (a cluster drill saw a detect task take 10.5 s).
 */
public final class Refreshing<T> {
    private static final Logger LOG = LoggerFactory.getLogger("alertjob");
    static final Duration RETRY_AFTER = Duration.ofSeconds(5);

    private final String what;
    private final Supplier<T> read;
    private final Duration refresh;
    private final LongSupplier clock;
    private volatile T value;
    private volatile long readAtMillis;
    private volatile long dueAtMillis;
    private final java.util.concurrent.Executor background;
    private final java.util.concurrent.atomic.AtomicBoolean rereading = new java.util.concurrent.atomic.AtomicBoolean();
    private static final java.util.concurrent.Executor REREADS = java.util.concurrent.Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "refreshing-reread");
        t.setDaemon(true);
        return t;
    });

    public Refreshing(String what, Supplier<T> read, Duration refresh) {
        this(what, read, refresh, System::currentTimeMillis, REREADS);
    }

    /** @param background where a due re-read runs ({@code Runnable::run}: in the caller, as the tests have it) */
    Refreshing(String what, Supplier<T> read, Duration refresh, LongSupplier clock, java.util.concurrent.Executor background) {
        this.what = what;
        this.read = read;
        this.refresh = refresh;
        this.clock = clock;
        this.background = background;
    }

    /** The copy; when it is due, a re-read is started and the copy at hand returned (the first read is waited for). */
    public T get() {
        if (value == null) {
            synchronized (this) {
                if (value == null) {
                    readNow();
                }
            }
        } else if (clock.getAsLong() >= dueAtMillis && rereading.compareAndSet(false, true)) {
            try {
                background.execute(() -> {
                    try {
                        synchronized (this) {
                            if (clock.getAsLong() >= dueAtMillis) {
                                readNow();
                            }
                        }
                    } finally {
                        rereading.set(false);
                    }
                });
            } catch (RuntimeException rejected) {
                rereading.set(false);
                throw rejected;
            }
        }
        return value;
    }

    /** The copy after reading it again, unless the last read is younger than {@code minAge}. */
    public synchronized T reread(Duration minAge) {
        if (value == null || clock.getAsLong() - readAtMillis >= minAge.toMillis()) {
            readNow();
        }
        return value;
    }

    private void readNow() {
        long now = clock.getAsLong();
        try {
            value = read.get();
            readAtMillis = now;
            dueAtMillis = now + refresh.toMillis();
        } catch (RuntimeException e) {
            if (value == null) {
                throw e;
            }
            readAtMillis = now;
            dueAtMillis = now + Math.min(refresh.toMillis(), RETRY_AFTER.toMillis());
            LOG.warn("{} not read again ({}: {}); going on with the copy read before, retrying in {} s", what,
                    e.getClass().getSimpleName(), e.getMessage(), (dueAtMillis - now) / 1000.0);
        }
    }
}
