package io.safetywatcher.alertjob.detect;

import io.safetywatcher.alertjob.vision.ViewStats;

import java.io.Serializable;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What the vision stage extracted from one frame, with the zone the camera watches.
 *
 * @param peopleCount   people in view
 * @param densityPerM2  people per square metre of the ground in view
 * @param motionEnergy  how violent the motion of the people in view is, 0 (still) .. 1
 * @param tracks        the people currently tracked, with when each was first seen
 * @param view          the frame's health statistics, null where none were measured (a stored row replayed)
 * @param dense         people too dense to count one by one: the count is an estimate from the crowd's area,
 *                      its density a band with low confidence ({@link io.safetywatcher.alertjob.vision.CrowdCount})
 */
public record CameraFeatures(String cameraId, String zone, Instant time, long seq, int peopleCount, double densityPerM2,
                             double motionEnergy, List<Track> tracks, ViewStats view, boolean dense) implements ZoneInput, Serializable {
    /** Without the frame's health statistics. */
    public CameraFeatures(String cameraId, String zone, Instant time, long seq, int peopleCount, double densityPerM2,
                          double motionEnergy, List<Track> tracks) {
        this(cameraId, zone, time, seq, peopleCount, densityPerM2, motionEnergy, tracks, null, false);
    }

    public CameraFeatures {
        Objects.requireNonNull(cameraId, "cameraId");
        Objects.requireNonNull(zone, "zone");
        Objects.requireNonNull(time, "time");
        tracks = List.copyOf(tracks);
        if (peopleCount < 0) {
            throw new IllegalArgumentException("peopleCount must be >= 0, got " + peopleCount);
        }
        if (!(densityPerM2 >= 0)) {
            throw new IllegalArgumentException("densityPerM2 must be >= 0, got " + densityPerM2);
        }
        if (!(motionEnergy >= 0 && motionEnergy <= 1)) {
            throw new IllegalArgumentException("motionEnergy must be within 0..1, got " + motionEnergy);
        }
    }

    @Override
    public String deviceId() { return cameraId; }

    @Override
    public String evidence() { return "frame:" + cameraId + "@" + time; }
}
