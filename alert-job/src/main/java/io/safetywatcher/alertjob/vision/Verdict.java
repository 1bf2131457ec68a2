package io.safetywatcher.alertjob.vision;

import io.safetywatcher.common.codec.Reason;

/** The extractor's answer for one frame: its features, or why it was refused (the model left untouched). */
public sealed interface Verdict {
    record Analysed(FrameFeatures features) implements Verdict {}

    record Refused(Reason reason, String detail) implements Verdict {}

    /** Sound, but not analysed: older than what the camera's model has already seen. */
    record Skipped(String why) implements Verdict {}
}
