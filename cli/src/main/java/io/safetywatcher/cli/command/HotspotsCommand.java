package io.safetywatcher.cli.command;

import com.datastax.oss.driver.api.core.cql.Row;
import io.safetywatcher.cli.Inputs;
import io.safetywatcher.cli.output.Table;
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
        var session = connections().cassandra();
        if (end == null) {
            // The partition key is the period: its distinct values are the computed periods.
            for (Row r : session.execute("SELECT DISTINCT period_end FROM hotspots")) {
                LocalDate d = r.getLocalDate("period_end");
                if (end == null || d.isAfter(end)) {
                    end = d;
                }
            }
        }
        Table t = new Table("hotspots", "period_end", "rank", "zone", "alerts_per_1000m2_day", "previous", "change_pct");
        if (end != null) {
            for (Row r : session.execute(session.prepare("SELECT period_end, rank, zone_id, alerts_per_1000m2_day, previous, change_pct "
                    + "FROM hotspots WHERE period_end = ?").bind(end))) {
                t.add(r.getLocalDate("period_end"), r.getInt("rank"), r.getString("zone_id"), r.get("alerts_per_1000m2_day", Double.class),
                        r.get("previous", Double.class), r.get("change_pct", Double.class));
            }
        }
        print(t);
        if (t.size() == 0 && format == io.safetywatcher.cli.output.Format.TABLE) {
            err().println("no hotspots" + (periodEnd == null ? " yet: the analytics job writes them (./watcher analytics run)" : " for " + end));
        }
        return 0;
    }
}
