package io.safetywatcher.shell;

import picocli.CommandLine.Option;

/** {@code --format text|json}, mixed into every program that prints a result. */
public final class FormatOption {
    @Option(names = "--format", paramLabel = "text|json", defaultValue = "text", converter = OutputFormat.Converter.class,
            description = "Output: text or json (default: ${DEFAULT-VALUE}; 'table' is taken as text).")
    OutputFormat format = OutputFormat.TEXT;

    public OutputFormat format() { return format; }

    public boolean json() { return format == OutputFormat.JSON; }
}
