package io.safetywatcher.cli.output;

import picocli.CommandLine;

import java.util.Locale;

/** How a command prints its result: aligned for people, JSON or CSV for machines. */
public enum Format {
    TABLE, JSON, CSV;

    /**
     * {@code --format table|json|csv}; "text", which the programs (simulate, alert-job, the
     * benches...) call their aligned output, means table here too, so one word works everywhere.
     */
    public static final class Converter implements CommandLine.ITypeConverter<Format> {
        @Override
        public Format convert(String value) {
            return switch (value.toLowerCase(Locale.ROOT)) {
                case "table", "text" -> TABLE;
                case "json" -> JSON;
                case "csv" -> CSV;
                default -> throw new CommandLine.TypeConversionException("--format must be table (or text), json or csv, not '" + value + "'");
            };
        }
    }
}
