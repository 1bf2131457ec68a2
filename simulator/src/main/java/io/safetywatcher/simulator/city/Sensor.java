package io.safetywatcher.simulator.city;

import io.safetywatcher.common.event.SensorType;

import java.time.Duration;

/** @param period how often it reports; the registry keeps it so silence can be noticed */
public record Sensor(String id, String zoneId, SensorType type, Duration period) implements Device {
    @Override
    public String kind() { return "sensor"; }
}
