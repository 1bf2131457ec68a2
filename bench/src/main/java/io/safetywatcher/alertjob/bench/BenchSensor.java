package io.safetywatcher.alertjob.bench;

import io.safetywatcher.common.event.SensorType;

import java.util.ArrayList;
import java.util.List;

/** A sensor the bench registers and sends readings for. */
record BenchSensor(String id, SensorType type) {

    /** {@code count} sensors of one type, named {@code <prefix>-0001} and on. */
    static List<BenchSensor> numbered(String prefix, SensorType type, int count) {
        List<BenchSensor> out = new ArrayList<>(count);
        for (int i = 1; i <= count; i++) {
            out.add(new BenchSensor(String.format("%s-%04d", prefix, i), type));
        }
        return out;
    }
}
