package io.safetywatcher.cli.output;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** A result as named columns and rows of plain values (String, Number, Boolean, Instant, List, null). */
public final class Table {
    private final String title;
    private final List<String> columns;
    private final List<List<Object>> rows = new ArrayList<>();

    public Table(String title, String... columns) {
        this.title = title;
        this.columns = List.of(columns);
    }

    public Table(String title, List<String> columns) {
        this.title = title;
        this.columns = List.copyOf(columns);
    }

    public Table add(Object... values) {
        if (values.length != columns.size()) {
            throw new IllegalArgumentException(values.length + " values for " + columns.size() + " columns " + columns);
        }
        rows.add(Arrays.asList(values));
        return this;
    }

    public String title() { return title; }

    public List<String> columns() { return columns; }

    public List<List<Object>> rows() { return rows; }

    public int size() { return rows.size(); }
}
