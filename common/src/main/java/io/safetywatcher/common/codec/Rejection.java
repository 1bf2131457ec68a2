package io.safetywatcher.common.codec;

import java.util.Objects;

/** A reason and the precise detail an operator needs to find the fault, e.g. which field. */
public record Rejection(Reason reason, String detail) {
    public Rejection {
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(detail, "detail");
    }

    @Override
    public String toString() { return reason.id() + ": " + detail; }
}
