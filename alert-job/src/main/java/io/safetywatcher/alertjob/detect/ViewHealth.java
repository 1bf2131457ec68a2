package io.safetywatcher.alertjob.detect;

import io.safetywatcher.alertjob.vision.ViewStats;

import java.io.Serializable;
import java.time.Instant;

/** What one camera's view health remembers: the last frame's digest, and since when each fault has held. */
public final class ViewHealth implements Serializable {
    private static final long serialVersionUID = 1L;

    long digest;
    /** Since when the frames have been identical; null before the first. */
    Instant sameSince;
    /** Since when the view has been uniform; null while it is not. */
    Instant uniformSince;
    /** The camera's own layout, learnt from the frames that match it. */
    byte[] reference;
    /** Since when every frame has differed from {@link #reference}; null while they match. */
    Instant changedSince;
    /** The last frame judged: after a gap the view is learnt afresh. Null in a state of the release before. */
    Instant lastFrame;
    /** The last frame's view: a change begins only where the view changed at once. Null in a state of the release before. */
    ViewStats lastView;
    boolean frozen;
    boolean covered;
    boolean moved;
}
