package io.safetywatcher.cli.command;

import io.safetywatcher.cli.Inputs;
import io.safetywatcher.cli.output.Table;
import io.safetywatcher.store.analytics.AnalyticsTables;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.time.LocalDate;
import java.time.ZoneOffset;

/** {@code hotspots}: the ranked zones of the latest (or a given) period (table {@code hotspots}). */
@Command(name = "hotspots", mixinStandardHelpOptions = true,
        description = "Zones with the most alerts per 1000 m2 per day, ranked, with the change against the period before.")
public final class HotspotsCommand extends OperatorCommand {
    @Option(names = "--period-end", paramLabel = "DATE", description = "The period ending on this UTC date (default: the latest computed).")
    String periodEnd;

    @Override
    public Integer call() {
        LocalDate end = periodEnd == null ? null : Inputs.time("--period-end", periodEnd, now()).atZone(ZoneOffset.UTC).toLocalDate();
        AnalyticsTables results = analytics();
        if (end == null) {
            end = results.latestHotspotPeriod().orElse(null);
        }
        Table t = new Table("hotspots", "period_end", "rank", "zone", "alerts_per_1000m2_day", "previous", "change_pct");
        if (end != null) {
            for (AnalyticsTables.Hotspot h : results.hotspots(end)) {
                t.add(h.periodEnd(), h.rank(), h.zone(), h.alertsPer1000m2Day(), h.previous(), h.changePct());
            }
        }
        print(t);
        if (t.size() == 0 && format == io.safetywatcher.cli.output.Format.TABLE) {
            err().println("no hotspots" + (periodEnd == null ? " yet: the analytics job writes them (./watcher analytics run)" : " for " + end));
        }
        return 0;
    }
}
