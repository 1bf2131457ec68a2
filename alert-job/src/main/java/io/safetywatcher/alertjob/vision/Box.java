package io.safetywatcher.alertjob.vision;

import java.io.Serializable;

/** An axis-aligned box in image pixels. */
public record Box(int x, int y, int w, int h) implements Serializable {
    public double centreX() { return x + w / 2.0; }

    /** The bottom row: where a standing person's feet are. */
    public int footRow() { return y + h; }
}
