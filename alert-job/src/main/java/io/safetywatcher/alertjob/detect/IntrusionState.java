package io.safetywatcher.alertjob.detect;

import java.io.Serializable;
import java.time.Instant;

/** One camera's run of frames with people in view while its zone is closed, and when they were last seen. */
public final class IntrusionState implements Serializable {
    private static final long serialVersionUID = 2L;

    int frames;
    Instant lastSeen;
}
