package io.safetywatcher.cli.command;

import io.safetywatcher.cli.Inputs;
import io.safetywatcher.cli.UsageError;
import picocli.CommandLine.Option;

import java.time.Duration;
import java.time.Instant;

/** --since/--until/--limit for raw history. */
final class PeriodOptions {
    @Option(names = "--since", paramLabel = "TIME", defaultValue = "1h",
            description = "From: an instant, a UTC date, or a duration ago (default ${DEFAULT-VALUE}).")
    String since;

    @Option(names = "--until", paramLabel = "TIME", defaultValue = "now", description = "Until (default ${DEFAULT-VALUE}).")
    String until;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "500", description = "At most N rows, newest first (default ${DEFAULT-VALUE}).")
    int limit;

    Instant from;
    Instant to;

    PeriodOptions check(Instant now) {
        from = Inputs.time("--since", since, now);
        to = Inputs.time("--until", until, now);
        Inputs.range(from, to);
        if (limit < 1) {
            throw new UsageError("--limit must be at least 1, not " + limit);
        }
        if (Duration.between(from, to).toDays() > 400) {
            throw new UsageError("--since/--until span more than 400 days; raw data is kept 90 days");
        }
        return this;
    }
}
