package io.safetywatcher.alertjob;

import io.safetywatcher.alertjob.detect.CameraFeatures;
import io.safetywatcher.alertjob.detect.Track;
import io.safetywatcher.alertjob.detect.ZoneObservation;
import io.safetywatcher.alertjob.detect.ZoneReading;
import io.safetywatcher.common.event.Label;
import io.safetywatcher.common.event.Observation;
import io.safetywatcher.common.event.SensorType;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;

/** Synthetic inputs on a fixed clock: second {@code s} after {@link #T0}. */
public final class Fixtures {
    /** A Tuesday, 12:00 UTC. */
    public static final Instant T0 = Instant.parse("2024-05-14T12:00:00Z");

    private Fixtures() {}

    public static Instant at(double seconds) {
        return T0.plusMillis(Math.round(seconds * 1000));
    }

    public static ZoneReading reading(String zone, String sensor, SensorType type, double seconds, double value) {
        return ZoneReading.of(zone, sensor, type, at(seconds), value, Math.round(seconds * 1000));
    }

    public static ZoneObservation observation(String zone, String camera, double seconds, Label... labels) {
        return new ZoneObservation(zone, new Observation(camera, at(seconds), Math.round(seconds * 1000), List.of(labels)));
    }

    public static CameraFeatures frame(String zone, String camera, Instant t, int people, double density, double motion,
                                       List<Track> tracks) {
        return new CameraFeatures(camera, zone, t, t.toEpochMilli(), people, density, motion, tracks);
    }

    /** A Java-serialization round trip, as Spark's state store does to state between batches. */
    @SuppressWarnings("unchecked")
    public static <T extends Serializable> T roundTrip(T value) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
                out.writeObject(value);
            }
            try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
                return (T) in.readObject();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
    }

    public static int serializedSize(Serializable value) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
                out.writeObject(value);
            }
            return bytes.size();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
