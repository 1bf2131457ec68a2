package io.safetywatcher.simulator.world;

/** The four topics the simulator writes, under the configured prefix. */
public record Topics(String frames, String readings, String observations, String truth) {
    public static Topics withPrefix(String prefix) {
        return new Topics(prefix + "frames", prefix + "readings", prefix + "observations", prefix + "truth");
    }
}
