package io.safetywatcher.common.event;

import java.util.Objects;

/** One behaviour label from a smart camera's edge analytics, e.g. {@code loitering} at 0.82. */
public record Label(String name, double confidence) implements java.io.Serializable {
    public Label {
        Objects.requireNonNull(name, "name");
    }
}
