package io.safetywatcher.alertjob.detect;

import java.io.Serializable;

/** One camera's run of consecutive frames with people in view while its zone is closed. */
public final class IntrusionState implements Serializable {
    private static final long serialVersionUID = 1L;

    int frames;
}
