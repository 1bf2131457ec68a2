package io.safetywatcher.simulator.bad;

import io.safetywatcher.common.codec.Reason;

import java.util.List;

/** The kinds of broken record the simulator mixes in, and the rejection each should earn. */
public enum BadKind {
    MALFORMED_JSON(Reason.MALFORMED_JSON),
    WRONG_TYPE(Reason.WRONG_TYPE),
    OUT_OF_RANGE(Reason.OUT_OF_RANGE),
    UNKNOWN_DEVICE(Reason.UNKNOWN_DEVICE),
    FAR_FUTURE(Reason.TIMESTAMP_IN_FUTURE),
    TRUNCATED_JPEG(Reason.TRUNCATED_JPEG),
    ZERO_BYTE_JPEG(Reason.EMPTY_PAYLOAD);

    /** What a JSON record (reading, observation) can be broken into. */
    public static final List<BadKind> FOR_JSON = List.of(MALFORMED_JSON, WRONG_TYPE, OUT_OF_RANGE, UNKNOWN_DEVICE, FAR_FUTURE);
    /** What a frame can be broken into. */
    public static final List<BadKind> FOR_FRAMES = List.of(TRUNCATED_JPEG, ZERO_BYTE_JPEG, UNKNOWN_DEVICE, FAR_FUTURE);

    private final Reason expected;

    BadKind(Reason expected) { this.expected = expected; }

    /** The wire name in the truth file, e.g. {@code far-future}. */
    public String id() { return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'); }

    public Reason expectedReason() { return expected; }
}
