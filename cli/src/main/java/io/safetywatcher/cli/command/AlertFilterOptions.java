package io.safetywatcher.cli.command;

import io.safetywatcher.cli.Inputs;
import io.safetywatcher.cli.store.AlertStore;
import io.safetywatcher.store.alerts.AlertTables;
import io.safetywatcher.store.registry.Registry;
import picocli.CommandLine.Option;

import java.time.Instant;

/** The filters {@code alerts list} and {@code alerts export} share, checked before any query. */
final class AlertFilterOptions {
    @Option(names = "--zone", paramLabel = "ZONE", description = "Only this zone.")
    String zone;

    @Option(names = "--type", paramLabel = "TYPE", description = "Only this alert type (gunshot, crowd-density, ...).")
    String type;

    @Option(names = "--severity", paramLabel = "SEVERITY", description = "Only this severity: info, low, medium, high, critical.")
    String severity;

    @Option(names = "--state", paramLabel = "STATE", description = "Only this state: firing, updated, resolved.")
    String state;

    @Option(names = "--since", paramLabel = "TIME", defaultValue = "24h",
            description = "Started at or after: an instant, a UTC date, or a duration ago (default ${DEFAULT-VALUE}).")
    String since;

    @Option(names = "--until", paramLabel = "TIME", defaultValue = "now", description = "Started before (default ${DEFAULT-VALUE}).")
    String until;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "500", description = "At most N alerts, newest first (default ${DEFAULT-VALUE}).")
    int limit;

    /** Checks the syntax first (no server needed), then the zone against the registry. */
    AlertTables.Filter filter(Instant now, java.util.function.Supplier<Registry> registry) {
        Instant from = Inputs.time("--since", since, now);
        Instant to = Inputs.time("--until", until, now);
        Inputs.range(from, to);
        if (limit < 1) {
            throw new io.safetywatcher.cli.UsageError("--limit must be at least 1, not " + limit);
        }
        var t = type == null ? null : Inputs.alertType("--type", type);
        var sev = severity == null ? null : Inputs.severity("--severity", severity);
        var st = state == null ? null : Inputs.state("--state", state);
        if (java.time.Duration.between(from, to).toDays() > 400) {
            throw new io.safetywatcher.cli.UsageError("--since/--until span more than 400 days; alerts are kept per day, narrow the range");
        }
        if (zone != null) {
            Inputs.requireZone(registry.get(), "--zone", zone);
        }
        return new AlertTables.Filter(zone, t, sev, st, from, to);
    }
}
