package io.safetywatcher.alertjob.detect;

import java.time.Instant;

/**
 * One input of the detectors, already enriched with the zone its device belongs to (from the
 * device registry). Everything a zone's detectors need arrives as one of these.
 */
public sealed interface ZoneInput permits ZoneReading, ZoneObservation, CameraFeatures, FrameFault, FrameLook {
    String zone();

    String deviceId();

    /** Event time: when the device captured it. */
    Instant time();

    /** The device's own sequence number; breaks ties between inputs of the same moment. */
    long seq();

    /** A reference to the stored input, for an alert's evidence. */
    String evidence();
}
