package io.safetywatcher.store;

import java.util.Collections;
import java.util.List;

/**
 * A table written whole rows at a time from positional values (the Spark connector's writes,
 * the analytics results): its name and its columns in the order the writer gives the values.
 */
public record Shape(String name, List<String> columns) {
    public Shape {
        columns = List.copyOf(columns);
    }

    public static Shape of(String name, String... columns) { return new Shape(name, List.of(columns)); }

    /** The upsert of one whole row, a bind marker per column. */
    public Cql insert() {
        return new Cql("INSERT INTO " + Cql.KS + "." + name + " (" + String.join(", ", columns) + ") VALUES ("
                + String.join(", ", Collections.nCopies(columns.size(), "?")) + ")");
    }
}
