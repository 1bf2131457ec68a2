package io.safetywatcher.simulator.world;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One record as the simulator emits it, before any transport. {@code timestampMs} is the
 * simulated capture time. Equality compares the bytes, which is what determinism means here.
 */
public record SimRecord(String topic, String key, byte[] value, Map<String, byte[]> headers, long timestampMs) {
    public SimRecord {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(value, "value");
        headers = headers == null || headers.isEmpty() ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(headers));
    }

    public static SimRecord of(String topic, String key, byte[] value, long timestampMs) {
        return new SimRecord(topic, key, value, Map.of(), timestampMs);
    }

    /** Key and value bytes, as a broker counts them. */
    public int size() {
        int n = value.length + (key == null ? 0 : key.length());
        for (var e : headers.entrySet()) {
            n += e.getKey().length() + e.getValue().length;
        }
        return n;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof SimRecord r) || timestampMs != r.timestampMs || !topic.equals(r.topic)
                || !Objects.equals(key, r.key) || !Arrays.equals(value, r.value) || headers.size() != r.headers.size()) {
            return false;
        }
        var a = headers.entrySet().iterator();
        var b = r.headers.entrySet().iterator();
        while (a.hasNext()) {
            var x = a.next();
            var y = b.next();
            if (!x.getKey().equals(y.getKey()) || !Arrays.equals(x.getValue(), y.getValue())) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() { return Objects.hash(topic, key, timestampMs, Arrays.hashCode(value)); }

    @Override
    public String toString() { return "SimRecord[" + topic + " " + key + " @" + timestampMs + " " + value.length + " bytes]"; }
}
