package io.safetywatcher.cli.output;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.safetywatcher.common.codec.Json;
import io.safetywatcher.common.event.Severity;

import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Prints tables in a {@link Format}. One table prints as itself (a JSON array, one CSV block);
 * several as sections (a JSON object keyed by title, CSV blocks separated by a blank line).
 * In the table format a "severity" column is coloured when colour is on.
 */
public final class Printer {
    private final PrintWriter out;
    private final Format format;
    private final boolean colour;

    public Printer(PrintWriter out, Format format, boolean colour) {
        this.out = out;
        this.format = format;
        this.colour = colour && format == Format.TABLE;
    }

    public Format format() { return format; }

    public PrintWriter out() { return out; }

    public void print(Table... tables) {
        print(List.of(tables));
    }

    public void print(List<Table> tables) {
        switch (format) {
            case JSON -> {
                if (tables.size() == 1) {
                    out.println(Json.MAPPER.valueToTree(toJson(tables.get(0))).toPrettyString());
                } else {
                    ObjectNode o = Json.object();
                    tables.forEach(t -> o.set(t.title(), toJson(t)));
                    out.println(o.toPrettyString());
                }
            }
            case CSV -> {
                for (int i = 0; i < tables.size(); i++) {
                    if (i > 0) {
                        out.println();
                    }
                    printCsv(tables.get(i), true);
                }
            }
            case TABLE -> {
                for (int i = 0; i < tables.size(); i++) {
                    Table t = tables.get(i);
                    if (tables.size() > 1) {
                        if (i > 0) {
                            out.println();
                        }
                        out.println(t.title() + ":");
                    }
                    printTable(t, true);
                }
            }
        }
        out.flush();
    }

    /** One row as a stream line (alerts tail): a table line, a JSON object, or a CSV line. */
    public void printRow(Table t, boolean first) {
        switch (format) {
            case JSON -> out.println(row(t, t.rows().get(t.rows().size() - 1)).toString());
            case CSV -> {
                if (first) {
                    out.println(csvLine(t.columns()));
                }
                out.println(csvLine(text(t.rows().get(t.rows().size() - 1))));
            }
            case TABLE -> {
                List<Object> r = t.rows().get(t.rows().size() - 1);
                StringBuilder sb = new StringBuilder();
                for (int c = 0; c < r.size(); c++) {
                    sb.append(c == 0 ? "" : "  ").append(paint(t.columns().get(c), text(r.get(c))));
                }
                out.println(sb);
            }
        }
        out.flush();
    }

    public static ArrayNode toJson(Table t) {
        ArrayNode a = JsonNodeFactory.instance.arrayNode();
        t.rows().forEach(r -> a.add(row(t, r)));
        return a;
    }

    private static ObjectNode row(Table t, List<Object> r) {
        ObjectNode o = Json.object();
        for (int c = 0; c < t.columns().size(); c++) {
            o.set(t.columns().get(c), json(r.get(c)));
        }
        return o;
    }

    static JsonNode json(Object v) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        if (v == null) {
            return f.nullNode();
        } else if (v instanceof Boolean b) {
            return f.booleanNode(b);
        } else if (v instanceof Integer || v instanceof Long || v instanceof Short) {
            return f.numberNode(((Number) v).longValue());
        } else if (v instanceof Number n) {
            double d = n.doubleValue();
            return Double.isFinite(d) ? f.numberNode(d) : f.textNode(Double.toString(d));
        } else if (v instanceof Collection<?> c) {
            ArrayNode a = f.arrayNode();
            c.forEach(x -> a.add(json(x)));
            return a;
        } else if (v instanceof Map<?, ?> m) {
            ObjectNode o = f.objectNode();
            m.forEach((k, x) -> o.set(String.valueOf(k), json(x)));
            return o;
        }
        return f.textNode(text(v));
    }

    /** How a value reads in a table or CSV cell. */
    public static String text(Object v) {
        if (v == null) {
            return "";
        } else if (v instanceof Double d) {
            return Math.abs(d) >= 1000 || d == Math.rint(d) ? String.format(Locale.ROOT, "%.1f", d) : String.format(Locale.ROOT, "%.3f", d);
        } else if (v instanceof Instant || v instanceof LocalDate) {
            return v.toString();
        } else if (v instanceof ByteBuffer b) {
            return "<" + b.remaining() + " bytes>";
        } else if (v instanceof Collection<?> c) {
            return String.join(" ", c.stream().map(Printer::text).toList());
        } else if (v instanceof Optional<?> o) {
            return o.map(Printer::text).orElse("");
        }
        return String.valueOf(v);
    }

    private static List<String> text(List<Object> r) {
        List<String> s = new ArrayList<>();
        r.forEach(v -> s.add(text(v)));
        return s;
    }

    private void printTable(Table t, boolean header) {
        int n = t.columns().size();
        int[] w = new int[n];
        for (int c = 0; c < n; c++) {
            w[c] = t.columns().get(c).length();
        }
        List<List<String>> cells = new ArrayList<>();
        for (List<Object> r : t.rows()) {
            List<String> s = text(r);
            for (int c = 0; c < n; c++) {
                w[c] = Math.max(w[c], s.get(c).length());
            }
            cells.add(s);
        }
        if (header) {
            out.println(line(t.columns(), w, null).stripTrailing());
        }
        for (List<String> s : cells) {
            out.println(line(s, w, t.columns()).stripTrailing());
        }
        if (t.rows().isEmpty()) {
            out.println("(none)");
        }
    }

    private String line(List<String> cells, int[] w, List<String> columns) {
        StringBuilder sb = new StringBuilder();
        for (int c = 0; c < cells.size(); c++) {
            String cell = cells.get(c);
            String padded = c == cells.size() - 1 ? cell : cell + " ".repeat(w[c] - cell.length() + 2);
            sb.append(columns == null ? padded : paint(columns.get(c), padded));
        }
        return sb.toString();
    }

    /** Colours a severity cell: the colour a desk expects for how urgent it is. */
    private String paint(String column, String cell) {
        if (!colour || !column.equals("severity")) {
            return cell;
        }
        String code = Severity.fromId(cell.trim()).map(s -> switch (s) {
            case CRITICAL -> "1;31";
            case HIGH -> "31";
            case MEDIUM -> "33";
            case LOW -> "36";
            case INFO -> "2";
        }).orElse(null);
        return code == null ? cell : "\u001b[" + code + "m" + cell + "\u001b[0m";
    }

    private void printCsv(Table t, boolean header) {
        if (header) {
            out.println(csvLine(t.columns()));
        }
        for (List<Object> r : t.rows()) {
            out.println(csvLine(text(r)));
        }
    }

    static String csvLine(List<String> cells) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < cells.size(); i++) {
            String c = cells.get(i);
            if (i > 0) {
                sb.append(',');
            }
            if (c.contains(",") || c.contains("\"") || c.contains("\n") || c.contains("\r")) {
                sb.append('"').append(c.replace("\"", "\"\"")).append('"');
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }
}
