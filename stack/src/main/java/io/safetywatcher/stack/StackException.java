package io.safetywatcher.stack;

/** Something an operator must act on, said so that they can: what failed, and what to do. */
public final class StackException extends RuntimeException {
    public StackException(String message) { super(message); }

    public StackException(String message, Throwable cause) { super(message, cause); }
}
