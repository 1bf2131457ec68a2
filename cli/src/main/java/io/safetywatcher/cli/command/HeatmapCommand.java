package io.safetywatcher.cli.command;

import io.safetywatcher.cli.Inputs;
import io.safetywatcher.cli.output.Format;
import io.safetywatcher.cli.output.Table;
import io.safetywatcher.store.analytics.AnalyticsTables;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;

/** {@code heatmap}: alerts by day of week and hour, drawn in the terminal (table {@code incident_heatmap}). */
@Command(name = "heatmap", mixinStandardHelpOptions = true,
        description = "When alerts happen: day of week x hour of day, city-wide or for one zone, drawn with shades (JSON/CSV: the counts).")
public final class HeatmapCommand extends OperatorCommand {
    static final String[] DAYS = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
    static final char[] SHADES = {' ', '.', ':', '-', '=', '+', '*', '#', '%', '@'};

    @Option(names = "--zone", paramLabel = "ZONE", description = "One zone (default: the whole city).")
    String zone;

    @Override
    public Integer call() {
        if (zone != null) {
            Inputs.requireZone(registry(), "--zone", zone);
        }
        String scope = zone == null ? "all" : zone;
        long[][] grid = new long[7][24];
        Table t = new Table("heatmap", "scope", "dow", "hour", "count");
        for (AnalyticsTables.HeatCell c : analytics().heatmap(scope)) {
            int dow = c.dow();
            int hour = c.hour();
            long count = c.count();
            t.add(scope, dow, hour, count);
            if (dow >= 1 && dow <= 7 && hour >= 0 && hour < 24) {
                grid[dow - 1][hour] = count;
            }
        }
        if (format != Format.TABLE) {
            print(t);
            return 0;
        }
        draw(out(), scope, grid, t.size() == 0);
        return 0;
    }

    /** Days are ISO 1 (Monday) .. 7 (Sunday); each cell is one hour, darker is more. */
    static void draw(PrintWriter out, String scope, long[][] grid, boolean empty) {
        long max = 0;
        for (long[] row : grid) {
            for (long c : row) {
                max = Math.max(max, c);
            }
        }
        out.println("alerts by day of week and hour, " + (scope.equals("all") ? "whole city" : "zone " + scope) + (empty ? ": no data yet" : ", max " + max));
        out.println("     " + "0         1         2   ".substring(0, 24));
        out.println("     " + "012345678901234567890123");
        for (int d = 0; d < 7; d++) {
            StringBuilder sb = new StringBuilder(DAYS[d]).append("  ");
            for (int h = 0; h < 24; h++) {
                long c = grid[d][h];
                sb.append(c == 0 || max == 0 ? SHADES[0] : SHADES[(int) Math.max(1, Math.min(SHADES.length - 1, Math.ceil(c * (SHADES.length - 1.0) / max)))]);
            }
            out.println(sb);
        }
        out.println("     scale: '" + new String(SHADES, 1, SHADES.length - 1) + "' (few .. " + max + ")");
        out.flush();
    }
}
