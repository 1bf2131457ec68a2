package io.safetywatcher.shell;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/**
 * {@code --from/--to}: a range of UTC days or instants. The program says which it takes (and
 * whether {@code --to} is included) in its resource bundle's {@code from}/{@code to} keys.
 */
public final class TimeRangeOptions {
    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    @Option(names = "--from", paramLabel = "DATE", descriptionKey = "from", description = "Start of the range: a UTC day like 2026-10-01.")
    String from;

    @Option(names = "--to", paramLabel = "DATE", descriptionKey = "to", description = "End of the range: a UTC day like 2026-10-31.")
    String to;

    public boolean given() { return from != null || to != null; }

    public String fromText() { return from; }

    public String toText() { return to; }

    /** {@code --from} as a day, or null when not given. */
    public LocalDate fromDate() { return date("--from", from); }

    public LocalDate toDate() { return date("--to", to); }

    /** {@code --from} as a day (its first instant, UTC) or an instant, or null when not given. */
    public Instant fromInstant() { return dateOrInstant("--from", from); }

    public Instant toInstant() { return dateOrInstant("--to", to); }

    private LocalDate date(String flag, String text) {
        if (text == null) {
            return null;
        }
        try {
            return LocalDate.parse(text);
        } catch (DateTimeParseException e) {
            throw new ParameterException(spec.commandLine(), flag + " '" + text + "' is not a date like 2026-10-01");
        }
    }

    private Instant dateOrInstant(String flag, String text) {
        if (text == null) {
            return null;
        }
        try {
            return LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant();
        } catch (DateTimeParseException e) {
            try {
                return Instant.parse(text);
            } catch (DateTimeParseException e2) {
                throw new ParameterException(spec.commandLine(),
                        flag + " '" + text + "' is neither a date like 2026-10-01 nor an instant like 2026-10-01T06:00:00Z");
            }
        }
    }
}
