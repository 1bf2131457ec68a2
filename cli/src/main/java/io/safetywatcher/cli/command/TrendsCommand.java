package io.safetywatcher.cli.command;

import io.safetywatcher.cli.Inputs;
import com.datastax.oss.driver.api.core.cql.Row;
import io.safetywatcher.cli.output.Table;
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
        var session = connections().cassandra();
        if (zone != null) {
            Inputs.requireZone(registry(), "--zone", zone);
        }
        String select = "SELECT zone_id, alert_type, slope_per_day, p_value, significant, from_day, to_day FROM trends";
        Iterable<Row> rows = zone == null ? session.execute(select) : session.execute(session.prepare(select + " WHERE zone_id = ?").bind(zone));
        Table t = new Table("trends", "zone", "type", "direction", "slope_per_day", "p_value", "significant", "from_day", "to_day");
        for (Row r : rows) {
            Double slope = r.get("slope_per_day", Double.class);
            String dir = slope == null ? "" : slope > 0 ? "rising" : slope < 0 ? "falling" : "flat";
            if (changing && (slope == null || slope == 0)) {
                continue;
            }
            t.add(r.getString("zone_id"), r.getString("alert_type"), dir, slope, r.get("p_value", Double.class),
                    r.get("significant", Boolean.class), r.getLocalDate("from_day"), r.getLocalDate("to_day"));
        }
        print(t);
        if (t.size() == 0 && format == io.safetywatcher.cli.output.Format.TABLE) {
            err().println("no trends yet: the analytics job writes them (./watcher analytics run)");
        }
        return 0;
    }
}
