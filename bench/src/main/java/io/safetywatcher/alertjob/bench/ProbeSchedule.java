package io.safetywatcher.alertjob.bench;

import io.safetywatcher.common.event.SensorType;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * When the latency bench's probes fire and from which sensor: {@code count} arrivals of a
 * Poisson process over the window (given their number, a Poisson process's arrival times are
 * independent and uniform over the window, so: uniform times, sorted), each in a zone drawn at
 * random, each from a sensor of its own (a fingerprint of its own, so every probe is its own
 * incident and no cooldown or reopening can swallow one). Sensors are numbered within their
 * zone, so repeated runs reuse the same registry rows.
 */
record ProbeSchedule(List<PacedLoad.Shot> shots, List<String> zones) {

    static ProbeSchedule poisson(int count, Duration window, List<String> zones, SensorType type, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        long[] at = new long[count];
        for (int i = 0; i < count; i++) {
            at[i] = rng.nextLong(window.toNanos());
        }
        Arrays.sort(at);
        int[] perZone = new int[zones.size()];
        List<PacedLoad.Shot> shots = new ArrayList<>(count);
        for (long t : at) {
            int z = rng.nextInt(zones.size());
            String id = String.format("%s-probe-%04d", zones.get(z), ++perZone[z]);
            shots.add(new PacedLoad.Shot(Duration.ofNanos(t), new BenchSensor(id, type)));
        }
        return new ProbeSchedule(List.copyOf(shots), List.copyOf(zones));
    }

    /** The zone a probe sensor belongs to (its id starts with it). */
    String zoneOf(BenchSensor s) {
        return zones.stream().filter(z -> s.id().startsWith(z + "-probe-")).findFirst().orElseThrow();
    }

    List<String> sensorIds() { return shots.stream().map(s -> s.sensor().id()).toList(); }
}
