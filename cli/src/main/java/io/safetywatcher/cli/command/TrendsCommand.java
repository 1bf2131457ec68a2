package io.safetywatcher.cli.command;

import io.safetywatcher.cli.Inputs;
import io.safetywatcher.cli.output.Table;
import io.safetywatcher.store.analytics.AnalyticsTables;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code trends}: the analytics job's trend per zone and alert type (table {@code trends}). */
@Command(name = "trends", mixinStandardHelpOptions = true,
        description = "Is a kind of alert rising or falling in a zone, and is that significant (written by the analytics job).")
public final class TrendsCommand extends OperatorCommand {
    @Option(names = "--zone", paramLabel = "ZONE", description = "Only this zone.")
    String zone;

    @Option(names = "--changing", description = "Only the zone and type pairs that are rising or falling (slope not 0).")
    boolean changing;

    @Override
    public Integer call() {
        if (zone != null) {
            Inputs.requireZone(registry(), "--zone", zone);
        }
        Table t = new Table("trends", "zone", "type", "direction", "slope_per_day", "p_value", "significant", "from_day", "to_day");
        for (AnalyticsTables.Trend r : analytics().trends(zone)) {
            Double slope = r.slopePerDay();
            String dir = slope == null ? "" : slope > 0 ? "rising" : slope < 0 ? "falling" : "flat";
            if (changing && (slope == null || slope == 0)) {
                continue;
            }
            t.add(r.zone(), r.alertType(), dir, slope, r.pValue(), r.significant(), r.fromDay(), r.toDay());
        }
        print(t);
        if (t.size() == 0 && format == io.safetywatcher.cli.output.Format.TABLE) {
            err().println("no trends yet: the analytics job writes them (./watcher analytics run)");
        }
        return 0;
    }
}
