package io.safetywatcher.analytics.archive;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/** The check before a day counts as archived: every table's rows in the files equal the rows Cassandra gave. */
public final class RowCounts {
    private RowCounts() {}

    /** One line per table whose counts differ (a table missing on one side counts as 0 there); empty when all agree. */
    public static List<String> mismatches(Map<String, Long> cassandra, Map<String, Long> archived) {
        List<String> out = new ArrayList<>();
        TreeSet<String> tables = new TreeSet<>(cassandra.keySet());
        tables.addAll(archived.keySet());
        for (String t : tables) {
            long c = cassandra.getOrDefault(t, 0L);
            long a = archived.getOrDefault(t, 0L);
            if (c != a) {
                out.add(t + ": Cassandra " + c + ", archive " + a);
            }
        }
        return out;
    }
}
