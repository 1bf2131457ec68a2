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

    public Refreshing(String what, Supplier<T> read, Duration refresh) {
        this(what, read, refresh, System::currentTimeMillis);
    }

    Refreshing(String what, Supplier<T> read, Duration refresh, LongSupplier clock) {
        this.what = what;
        this.read = read;
        this.refresh = refresh;
        this.clock = clock;
    }

    /** The copy, read again first if it is due. */
    public T get() {
        if (value == null || clock.getAsLong() >= dueAtMillis) {
            synchronized (this) {
                if (value == null || clock.getAsLong() >= dueAtMillis) {
                    readNow();
                }
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
