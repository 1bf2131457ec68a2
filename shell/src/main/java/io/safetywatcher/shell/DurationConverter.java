package io.safetywatcher.shell;

import io.safetywatcher.common.config.Durations;
import picocli.CommandLine;

import java.time.Duration;

/** A duration flag in the one syntax of {@link Durations} (90s, 1m30s, 1h30m, 2d). */
public final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
        try {
            return Durations.parse(value);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.TypeConversionException(e.getMessage());
        }
    }
}
