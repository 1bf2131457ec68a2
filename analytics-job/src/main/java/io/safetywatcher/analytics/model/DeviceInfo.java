package io.safetywatcher.analytics.model;

import java.io.Serializable;

/** A device as the registry describes it; {@code samplingPeriodMs} is null for cameras and event-only sensors. */
public record DeviceInfo(String id, String zone, String kind, String sensorType, Integer samplingPeriodMs) implements Serializable {
    public boolean camera() { return "camera".equals(kind); }
}
