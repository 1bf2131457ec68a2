package io.safetywatcher.shell;

/**
 * Marks an exception that means the operator's input is wrong (a file named on the command
 * line that does not parse, a value the program refuses), so the program exits 2 with its
 * message rather than 1.
 */
public interface UsageProblem {}
