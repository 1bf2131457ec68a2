package io.safetywatcher.simulator.city;

/** A camera or a sensor, placed in one zone. */
public sealed interface Device permits Camera, Sensor {
    String id();

    String zoneId();

    /** The registry's device_kind. */
    String kind();
}
