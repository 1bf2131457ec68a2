package io.safetywatcher.shell;

import picocli.CommandLine;

import java.util.Locale;

/** What a program prints its result as: text for people, JSON for scripts. */
public enum OutputFormat {
    TEXT, JSON;

    /** {@code --format}: text or json; "table", which some programs took before, still means text. */
    public static final class Converter implements CommandLine.ITypeConverter<OutputFormat> {
        @Override
        public OutputFormat convert(String value) {
            return switch (value.toLowerCase(Locale.ROOT)) {
                case "text", "table" -> TEXT;
                case "json" -> JSON;
                default -> throw new CommandLine.TypeConversionException("--format must be text or json, not '" + value + "'");
            };
        }
    }
}
