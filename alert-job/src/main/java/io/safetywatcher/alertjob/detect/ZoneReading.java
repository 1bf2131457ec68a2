package io.safetywatcher.alertjob.detect;

import io.safetywatcher.common.event.Reading;
import io.safetywatcher.common.event.SensorType;

import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;

/** A sensor reading with the zone its sensor is installed in. */
public record ZoneReading(String zone, Reading reading) implements ZoneInput, Serializable {
    public ZoneReading {
        Objects.requireNonNull(zone, "zone");
        Objects.requireNonNull(reading, "reading");
    }

    public static ZoneReading of(String zone, String sensorId, SensorType type, Instant time, double value, long seq) {
        return new ZoneReading(zone, Reading.of(sensorId, type, time, value, seq));
    }

    @Override
    public String deviceId() { return reading.sensorId(); }

    @Override
    public Instant time() { return reading.captureTime(); }

    @Override
    public long seq() { return reading.seq(); }

    public SensorType sensorType() { return reading.sensorType(); }

    public double value() { return reading.value(); }

    @Override
    public String evidence() { return "reading:" + reading.sensorId() + "@" + reading.captureTime(); }
}
