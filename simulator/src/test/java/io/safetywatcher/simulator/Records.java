package io.safetywatcher.simulator;

import io.safetywatcher.common.codec.IncidentCodec;
import io.safetywatcher.common.codec.ObservationCodec;
import io.safetywatcher.common.codec.ReadingCodec;
import io.safetywatcher.common.codec.TimeBounds;
import io.safetywatcher.common.event.Incident;
import io.safetywatcher.common.event.Observation;
import io.safetywatcher.common.event.Reading;
import io.safetywatcher.simulator.world.SimRecord;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.function.Predicate;

/** Reads a run's records back with the system's own codecs, as downstream would. */
final class Records {
    static final ReadingCodec READINGS = new ReadingCodec(TimeBounds.NONE, Clock.systemUTC());
    static final ObservationCodec OBSERVATIONS = new ObservationCodec(TimeBounds.NONE, Clock.systemUTC());

    private final List<SimRecord> records;

    Records(List<SimRecord> records) { this.records = records; }

    List<Reading> readings(String sensorId) {
        return records.stream().filter(r -> r.topic().equals("sw.readings") && sensorId.equals(r.key()))
                .map(r -> READINGS.decode(r.value()).value()).toList();
    }

    List<Reading> readings(String sensorId, Instant from, Instant to) {
        return readings(sensorId).stream().filter(r -> !r.captureTime().isBefore(from) && r.captureTime().isBefore(to)).toList();
    }

    List<Observation> observations(String cameraId, Instant from, Instant to) {
        return records.stream().filter(r -> r.topic().equals("sw.observations") && cameraId.equals(r.key()))
                .map(r -> OBSERVATIONS.decode(r.value()).value())
                .filter(o -> !o.captureTime().isBefore(from) && o.captureTime().isBefore(to)).toList();
    }

    List<SimRecord> frames(String cameraId) {
        return records.stream().filter(r -> r.topic().equals("sw.frames") && cameraId.equals(r.key())).toList();
    }

    List<Incident> incidents() {
        return records.stream().filter(r -> r.topic().equals("sw.truth") && !r.key().startsWith("bad/"))
                .map(r -> IncidentCodec.decode(r.value()).value()).toList();
    }

    Incident incident(String type) {
        return incidents().stream().filter(i -> i.type().id().equals(type)).findFirst().orElseThrow(() -> new AssertionError("no " + type + " in the truth"));
    }

    static double mean(List<Reading> rs) { return rs.stream().mapToDouble(Reading::value).average().orElse(Double.NaN); }

    static double max(List<Reading> rs) { return rs.stream().mapToDouble(Reading::value).max().orElse(Double.NaN); }

    static long count(List<Reading> rs, Predicate<Reading> p) { return rs.stream().filter(p).count(); }
}
