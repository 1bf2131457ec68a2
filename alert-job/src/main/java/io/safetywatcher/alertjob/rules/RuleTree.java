package io.safetywatcher.alertjob.rules;

import io.safetywatcher.common.config.Durations;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.safetywatcher.common.config.ConfigException;
import io.safetywatcher.common.config.Suggestion;
import io.safetywatcher.common.event.AlertType;
import io.safetywatcher.common.event.Severity;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * A strict reader over one map of the merged rule tree. Every getter names the full key in
 * its error; {@link #finish()} rejects keys nobody read, so a typo is an error instead of a
 * setting that silently does nothing.
 */
final class RuleTree {
    private final String path;
    private final JsonNode node;
    private final Set<String> read = new LinkedHashSet<>();

    RuleTree(String path, JsonNode node) {
        this.path = path;
        if (node == null || node.isNull()) {
            this.node = JsonNodeFactory.instance.objectNode();
        } else if (!node.isObject()) {
            throw new ConfigException(path + " must be a map of keys, got " + describe(node));
        } else {
            this.node = node;
        }
    }

    String path() { return path; }

    String key(String name) { return path.isEmpty() ? name : path + "." + name; }

    boolean has(String name) {
        JsonNode v = node.get(name);
        return v != null && !v.isNull();
    }

    /** The keys of a map whose keys are data (label names, zone ids, kinds). */
    List<String> names() {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    RuleTree child(String name) {
        read.add(name);
        return new RuleTree(key(name), node.get(name));
    }

    List<RuleTree> list(String name) {
        JsonNode v = required(name);
        if (!v.isArray()) {
            throw new ConfigException(key(name) + " must be a list, got " + describe(v));
        }
        List<RuleTree> items = new ArrayList<>();
        for (int i = 0; i < v.size(); i++) {
            items.add(new RuleTree(key(name) + "[" + i + "]", v.get(i)));
        }
        return items;
    }

    List<String> strings(String name) {
        if (!has(name)) {
            read.add(name);
            return List.of();
        }
        JsonNode v = required(name);
        if (!v.isArray()) {
            throw new ConfigException(key(name) + " must be a list, got " + describe(v));
        }
        List<String> out = new ArrayList<>();
        v.forEach(e -> out.add(e.asText()));
        return out;
    }

    String text(String name) {
        JsonNode v = required(name);
        if (!v.isValueNode()) {
            throw new ConfigException(key(name) + " must be a single value, got " + describe(v));
        }
        return v.asText();
    }

    String text(String name, String fallback) { return has(name) ? text(name) : markRead(name, fallback); }

    double number(String name) {
        JsonNode v = required(name);
        if (!v.isNumber()) {
            throw new ConfigException(key(name) + " must be a number, got " + describe(v));
        }
        double d = v.asDouble();
        if (!Double.isFinite(d)) {
            throw new ConfigException(key(name) + " must be a finite number, got " + v.asText());
        }
        return d;
    }

    double positive(String name) {
        double d = number(name);
        if (d <= 0) {
            throw new ConfigException(key(name) + " must be > 0, got " + format(d));
        }
        return d;
    }

    double atLeast(String name, double min) {
        double d = number(name);
        if (d < min) {
            throw new ConfigException(key(name) + " must be >= " + format(min) + ", got " + format(d));
        }
        return d;
    }

    double between(String name, double min, double max) {
        double d = number(name);
        if (d < min || d > max) {
            throw new ConfigException(key(name) + " must be between " + format(min) + " and " + format(max) + ", got " + format(d));
        }
        return d;
    }

    /** Exclusive lower bound, inclusive upper: the shape of a weight or a smoothing factor. */
    double fraction(String name) {
        double d = number(name);
        if (d <= 0 || d > 1) {
            throw new ConfigException(key(name) + " must be > 0 and <= 1, got " + format(d));
        }
        return d;
    }

    int integer(String name, int min, int max) {
        JsonNode v = required(name);
        if (!v.isIntegralNumber()) {
            throw new ConfigException(key(name) + " must be a whole number, got " + describe(v));
        }
        long n = v.asLong();
        if (n < min || n > max) {
            throw new ConfigException(key(name) + " must be between " + min + " and " + max + ", got " + n);
        }
        return (int) n;
    }

    Duration duration(String name) {
        JsonNode v = required(name);
        if (!v.isTextual()) {
            throw new ConfigException(key(name) + " must be a duration like 30s, 2m or 1h, got " + describe(v));
        }
        try {
            return Durations.parse(v.asText());
        } catch (IllegalArgumentException e) {
            throw new ConfigException(key(name) + ": " + e.getMessage());
        }
    }

    Duration positiveDuration(String name) {
        Duration d = duration(name);
        if (d.isZero() || d.isNegative()) {
            throw new ConfigException(key(name) + " must be longer than 0s, got " + v(name));
        }
        return d;
    }

    Severity severity(String name) {
        String s = text(name);
        return Severity.fromId(s).orElseThrow(() -> new ConfigException(
                key(name) + " must be one of info, low, medium, high, critical, got '" + s + "'"));
    }

    AlertType alertType(String where, String id) {
        String normal = id.trim().replace('_', '-');
        return AlertType.fromId(normal).orElseThrow(() -> new ConfigException(
                where + ": unknown alert type '" + id + "'; known: " + knownTypes()));
    }

    boolean flag(String name, boolean fallback) {
        if (!has(name)) {
            read.add(name);
            return fallback;
        }
        JsonNode v = required(name);
        if (!v.isBoolean()) {
            throw new ConfigException(key(name) + " must be true or false, got " + describe(v));
        }
        return v.asBoolean();
    }

    /** Fails on any key of this map that no getter asked for. */
    void finish() {
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (!read.contains(k)) {
                throw new ConfigException("unknown key " + key(k) + suggestion(k));
            }
        }
    }

    private String v(String name) { return node.get(name).asText(); }

    private <T> T markRead(String name, T value) {
        read.add(name);
        return value;
    }

    private JsonNode required(String name) {
        read.add(name);
        JsonNode v = node.get(name);
        if (v == null || v.isNull()) {
            throw new ConfigException(key(name) + " is missing");
        }
        return v;
    }

    private String suggestion(String unknown) {
        return Suggestion.closest(unknown, read).map(k -> "; did you mean " + key(k) + "?").orElse("");
    }

    private static String knownTypes() {
        List<String> ids = new ArrayList<>();
        for (AlertType t : AlertType.values()) {
            ids.add(t.id());
        }
        return String.join(", ", ids);
    }

    static String describe(JsonNode v) {
        if (v.isObject()) {
            return "a map";
        }
        if (v.isArray()) {
            return "a list";
        }
        return v.isTextual() ? "'" + v.asText() + "'" : v.asText();
    }

    static String format(double d) {
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
    }

    /** Maps merge key by key, everything else (values and lists) is replaced by the overlay. */
    static JsonNode merge(JsonNode base, JsonNode overlay) {
        if (overlay == null || overlay.isNull() || overlay.isMissingNode()) {
            return base;
        }
        if (base instanceof ObjectNode b && overlay.isObject()) {
            ObjectNode out = b.deepCopy();
            overlay.fields().forEachRemaining(e -> out.set(e.getKey(), merge(out.get(e.getKey()), e.getValue())));
            return out;
        }
        return overlay.deepCopy();
    }

    /** The same tree with every map's keys sorted, so equal rules print (and hash) equally. */
    static JsonNode canonical(JsonNode n) {
        if (n.isObject()) {
            Map<String, JsonNode> sorted = new TreeMap<>();
            n.fields().forEachRemaining(e -> sorted.put(e.getKey(), canonical(e.getValue())));
            ObjectNode out = JsonNodeFactory.instance.objectNode();
            sorted.forEach(out::set);
            return out;
        }
        if (n.isArray()) {
            var out = JsonNodeFactory.instance.arrayNode();
            n.forEach(e -> out.add(canonical(e)));
            return out;
        }
        return n;
    }
}
