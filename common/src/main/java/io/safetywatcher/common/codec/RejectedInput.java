package io.safetywatcher.common.codec;

/**
 * Thrown inside a decoder at the first fault so the decoder reads top to bottom; the codec
 * turns it into {@link Decoded.Rejected}. Never escapes a codec.
 */
final class RejectedInput extends RuntimeException {
    final Rejection rejection;

    RejectedInput(Reason reason, String detail) {
        super(detail, null, false, false); // no stack trace: this is an expected outcome, and cheap
        this.rejection = new Rejection(reason, detail);
    }
}
