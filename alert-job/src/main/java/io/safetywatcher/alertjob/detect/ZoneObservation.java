package io.safetywatcher.alertjob.detect;

import io.safetywatcher.common.event.Observation;

import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;

/** A smart camera's behaviour labels with the zone the camera watches. */
public record ZoneObservation(String zone, Observation observation) implements ZoneInput, Serializable {
    public ZoneObservation {
        Objects.requireNonNull(zone, "zone");
        Objects.requireNonNull(observation, "observation");
    }

    @Override
    public String deviceId() { return observation.cameraId(); }

    @Override
    public Instant time() { return observation.captureTime(); }

    @Override
    public long seq() { return observation.seq(); }

    @Override
    public String evidence() { return "observation:" + observation.cameraId() + "@" + observation.captureTime(); }
}
