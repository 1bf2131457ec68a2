package io.safetywatcher.simulator.out;

import io.safetywatcher.simulator.world.RecordSink;
import io.safetywatcher.simulator.world.SimRecord;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;

/** Counts what passes through, per topic, for progress lines and the closing summary. */
public final class Tally implements RecordSink {
    private final RecordSink next;
    private final Map<String, AtomicLong> records = new TreeMap<>();
    private final AtomicLong total = new AtomicLong();
    private final AtomicLong bytes = new AtomicLong();
    private final AtomicLong bad = new AtomicLong();
    private volatile long lastCaptureMs;

    public Tally(RecordSink next) { this.next = next; }

    @Override
    public void accept(SimRecord r) {
        next.accept(r);
        synchronized (records) {
            records.computeIfAbsent(r.topic(), t -> new AtomicLong()).incrementAndGet();
        }
        total.incrementAndGet();
        bytes.addAndGet(r.size());
        lastCaptureMs = r.timestampMs();
        if (r.key() != null && r.key().startsWith("bad/")) {
            bad.incrementAndGet();
        }
    }

    public long total() { return total.get(); }

    public long bytes() { return bytes.get(); }

    /** Bad records mixed in (each has one truth line keyed bad/...). */
    public long bad() { return bad.get(); }

    public long lastCaptureMs() { return lastCaptureMs; }

    public Map<String, Long> byTopic() {
        Map<String, Long> m = new TreeMap<>();
        synchronized (records) {
            records.forEach((k, v) -> m.put(k, v.get()));
        }
        return m;
    }

    @Override
    public void flush() { next.flush(); }

    @Override
    public void close() { next.close(); }
}
