package io.safetywatcher.shell.file;

import io.safetywatcher.common.config.Durations;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A YAML/JSON value that remembers where it was written. Jackson's tree model forgets
 * locations, and "line 7, field incidents[1].zone" is what makes a file error useful.
 */
public final class LocatedNode {
    public enum Kind { OBJECT, ARRAY, SCALAR, NULL }

    private final String file;
    private final String path;
    private final int line;
    private final Kind kind;
    private final Map<String, LocatedNode> fields;
    private final List<LocatedNode> items;
    private final String text;
    private final boolean quoted;
    private final boolean number;

    LocatedNode(String file, String path, int line, Kind kind, Map<String, LocatedNode> fields,
                List<LocatedNode> items, String text, boolean quoted, boolean number) {
        this.file = file;
        this.path = path;
        this.line = line;
        this.kind = kind;
        this.fields = fields == null ? Map.of() : Collections.unmodifiableMap(fields);
        this.items = items == null ? List.of() : List.copyOf(items);
        this.text = text;
        this.quoted = quoted;
        this.number = number;
    }

    public String path() { return path; }

    public int line() { return line; }

    public Kind kind() { return kind; }

    public String file() { return file; }

    /** A problem at this value. */
    public FileProblem problem(String message) { return new FileProblem(file, line, path, message); }

    public LocatedNode object() {
        if (kind != Kind.OBJECT) {
            throw problem("should be a mapping of fields, not " + describe());
        }
        return this;
    }

    public List<LocatedNode> list() {
        if (kind != Kind.ARRAY) {
            throw problem("should be a list, not " + describe());
        }
        return items;
    }

    /** Refuses fields the format does not know, so a typo is not silently ignored. */
    public LocatedNode allowOnly(String... names) {
        object();
        Set<String> allowed = Set.of(names);
        for (var e : fields.entrySet()) {
            if (!allowed.contains(e.getKey())) {
                throw e.getValue().problem("unknown field; expected one of " + new TreeSet<>(Arrays.asList(names)));
            }
        }
        return this;
    }

    public boolean has(String name) {
        LocatedNode n = object().fields.get(name);
        return n != null && n.kind != Kind.NULL;
    }

    public LocatedNode field(String name) {
        LocatedNode n = object().fields.get(name);
        if (n == null || n.kind == Kind.NULL) {
            throw new FileProblem(file, line, path.isEmpty() ? name : path + "." + name, "is missing");
        }
        return n;
    }

    public LocatedNode optional(String name) { return has(name) ? fields.get(name) : null; }

    public Map<String, LocatedNode> fields() { return object().fields; }

    public String text() {
        if (kind != Kind.SCALAR) {
            throw problem("should be a single value, not " + describe());
        }
        if (text.isBlank()) {
            throw problem("is empty");
        }
        return text;
    }

    public double number(double min, double max) {
        if (kind != Kind.SCALAR || (!number && !looksNumeric())) {
            throw problem("should be a number, not " + describe());
        }
        double d;
        try {
            d = Double.parseDouble(text);
        } catch (NumberFormatException e) {
            throw problem("should be a number, not " + describe());
        }
        if (!(d >= min && d <= max)) {
            throw problem(text + " is outside " + fmt(min) + ".." + fmt(max));
        }
        return d;
    }

    public int integer(int min, int max) {
        double d = number(min, max);
        if (d != Math.rint(d)) {
            throw problem("should be a whole number, not " + text);
        }
        return (int) d;
    }

    public long longValue() {
        if (kind != Kind.SCALAR) {
            throw problem("should be a whole number, not " + describe());
        }
        try {
            return Long.parseLong(text.trim());
        } catch (NumberFormatException e) {
            throw problem("should be a whole number, not " + describe());
        }
    }

    public Duration duration() {
        try {
            Duration d = Durations.parse(text());
            if (d.isNegative()) {
                throw problem("should not be negative");
            }
            return d;
        } catch (IllegalArgumentException e) {
            throw problem(e.getMessage());
        }
    }

    public Instant instant() {
        try {
            return Instant.parse(text());
        } catch (DateTimeParseException e) {
            throw problem("should be an ISO-8601 instant like 2026-11-20T20:00:00Z, not '" + text + "'");
        }
    }

    public LocalTime localTime() {
        try {
            return LocalTime.parse(text());
        } catch (DateTimeParseException e) {
            throw problem("should be a time of day like 19:30, not '" + text + "'");
        }
    }

    private boolean looksNumeric() {
        return !quoted && text != null && text.matches("-?\\d+(\\.\\d+)?([eE][-+]?\\d+)?");
    }

    private String describe() {
        return switch (kind) {
            case OBJECT -> "a mapping";
            case ARRAY -> "a list";
            case NULL -> "nothing";
            case SCALAR -> "'" + text + "'";
        };
    }

    private static String fmt(double d) {
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
    }
}
