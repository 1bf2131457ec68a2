package io.safetywatcher.simulator.city;

/** @param viewAreaM2 the ground area the camera sees, which turns a people count into a density */
public record Camera(String id, String zoneId, double viewAreaM2, int width, int height, double fps) implements Device {
    @Override
    public String kind() { return "camera"; }
}
