package io.safetywatcher.cli;

import io.safetywatcher.shell.UsageProblem;

/**
 * Input the CLI refuses before sending anything (an unknown zone, a malformed time): exit 2,
 * with a message that names what is wrong.
 */
public final class UsageError extends RuntimeException implements UsageProblem {
    public UsageError(String message) {
        super(message);
    }
}
