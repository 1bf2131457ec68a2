package io.safetywatcher.analytics.table;

import io.safetywatcher.store.Shape;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Rows of one result table, named and ordered as its CQL columns, so one value serves the
 * Cassandra writer, the CSV files and the report. Values are the driver's Java types
 * (String, LocalDate, Instant, Integer, Long, Double, Boolean, Map, List, UUID); null is "no value".
 */
public record Table(String name, List<String> columns, List<List<Object>> rows) {
    public Table {
        columns = List.copyOf(columns);
        rows = java.util.Collections.unmodifiableList(new ArrayList<>(rows));
    }

    public static Builder builder(String name, List<String> columns) { return new Builder(name, columns); }

    /** Rows of a stored table, named and ordered as its owner declares it. */
    public static Builder builder(Shape shape) { return new Builder(shape.name(), shape.columns()); }

    /** Rows added one at a time, each checked against the columns. */
    public static final class Builder {
        private final String name;
        private final List<String> columns;
        private final List<List<Object>> rows = new ArrayList<>();

        private Builder(String name, List<String> columns) {
            this.name = name;
            this.columns = List.copyOf(columns);
        }

        public Builder add(List<Object> row) {
            if (row.size() != columns.size()) {
                throw new IllegalArgumentException(name + ": " + row.size() + " values for " + columns.size() + " columns");
            }
            rows.add(java.util.Collections.unmodifiableList(new ArrayList<>(row)));
            return this;
        }

        public Table build() { return new Table(name, columns, rows); }
    }

    public int column(String column) {
        int i = columns.indexOf(column);
        if (i < 0) {
            throw new IllegalArgumentException(name + " has no column " + column);
        }
        return i;
    }

    /** The CSV text: a header line, then one line per row; maps as key=value;..., lists as a;b. */
    public String csv() {
        StringBuilder b = new StringBuilder(String.join(",", columns)).append('\n');
        for (List<Object> row : rows) {
            b.append(row.stream().map(Table::csvCell).collect(Collectors.joining(","))).append('\n');
        }
        return b.toString();
    }

    public static String text(Object v) {
        if (v == null) {
            return "";
        }
        if (v instanceof Map<?, ?> m) {
            return m.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(";"));
        }
        if (v instanceof List<?> l) {
            return l.stream().map(String::valueOf).collect(Collectors.joining(";"));
        }
        return v.toString();
    }

    private static String csvCell(Object v) {
        String s = text(v);
        return s.contains(",") || s.contains("\"") || s.contains("\n") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
    }
}
