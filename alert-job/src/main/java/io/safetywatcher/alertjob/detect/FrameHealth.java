package io.safetywatcher.alertjob.detect;

import java.io.Serializable;

/** One camera's recent frames, refused or sound: a bit each, newest lowest, at most 64. */
public final class FrameHealth implements Serializable {
    private static final long serialVersionUID = 1L;

    long refused;
    int seen;
    FrameFault lastFault;

    /** Records one frame; how many of the last {@code window} were refused. */
    int add(boolean fault, int window) {
        refused = (refused << 1) | (fault ? 1 : 0);
        seen = Math.min(seen + 1, window);
        long mask = window >= 64 ? -1L : (1L << window) - 1;
        return Long.bitCount(refused & mask);
    }
}
