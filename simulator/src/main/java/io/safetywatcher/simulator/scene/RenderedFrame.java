package io.safetywatcher.simulator.scene;

import java.util.List;

/**
 * A JPEG and, for tests and the bench, where figures were drawn ({x, y, w, h} each, clipped
 * to the frame). The boxes never travel: they are the renderer's own ground truth.
 */
public record RenderedFrame(byte[] jpeg, List<int[]> figures) {
    public RenderedFrame {
        figures = List.copyOf(figures);
    }
}
