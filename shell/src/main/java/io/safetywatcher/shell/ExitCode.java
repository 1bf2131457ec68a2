package io.safetywatcher.shell;

import io.safetywatcher.common.config.ConfigException;
import picocli.CommandLine.ParameterException;

/** Every program's exit status: 0 ok, 1 failure, 2 usage or configuration error. */
public final class ExitCode {
    public static final int OK = 0;
    public static final int FAILURE = 1;
    public static final int USAGE = 2;

    private ExitCode() {}

    /** What a program that ends with this exception exits with. */
    public static int of(Throwable e) {
        return e instanceof ParameterException || e instanceof ConfigException || e instanceof UsageProblem ? USAGE : FAILURE;
    }
}
