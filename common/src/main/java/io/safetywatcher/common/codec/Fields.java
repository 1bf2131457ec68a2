package io.safetywatcher.common.codec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeType;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/** Reads the fields of one JSON object, naming the field and the fault on the first problem. */
final class Fields {
    private final JsonNode node;

    /** How much of a device's text a detail echoes: enough to recognise it, never a flood (strings run to 1 M chars). */
    static final int SHOWN_CHARS = 64;

    private Fields(JsonNode node) { this.node = node; }

    /** {@code s} in quotes, cut to {@link #SHOWN_CHARS} with its full length said when longer. */
    static String quoted(String s) {
        if (s.length() <= SHOWN_CHARS) {
            return "'" + s + "'";
        }
        int end = Character.isHighSurrogate(s.charAt(SHOWN_CHARS - 1)) ? SHOWN_CHARS - 1 : SHOWN_CHARS;
        return "'" + s.substring(0, end) + "…' (" + s.length() + " chars)";
    }

    static Fields of(JsonNode node) {
        if (node == null || !node.isObject()) {
            throw new RejectedInput(Reason.NOT_AN_OBJECT,
                    "expected a JSON object, got " + (node == null ? "nothing" : describe(node)));
        }
        return new Fields(node);
    }

    private JsonNode required(String name) {
        JsonNode v = node.get(name);
        if (v == null || v.isNull() || v.isMissingNode()) {
            throw new RejectedInput(Reason.MISSING_FIELD, "field '" + name + "' is missing");
        }
        return v;
    }

    boolean has(String name) {
        JsonNode v = node.get(name);
        return v != null && !v.isNull();
    }

    String text(String name) {
        JsonNode v = required(name);
        if (!v.isTextual()) {
            throw wrongType(name, "a string", v);
        }
        if (v.asText().isBlank()) {
            throw new RejectedInput(Reason.INVALID_VALUE, "field '" + name + "' is empty");
        }
        return v.asText();
    }

    String optionalText(String name) { return has(name) ? text(name) : null; }

    /** A string that may legitimately be empty. */
    String anyText(String name) {
        JsonNode v = required(name);
        if (!v.isTextual()) {
            throw wrongType(name, "a string", v);
        }
        return v.asText();
    }

    double number(String name) {
        JsonNode v = required(name);
        if (!v.isNumber()) {
            throw wrongType(name, "a number", v);
        }
        double d = v.asDouble();
        if (Double.isNaN(d) || Double.isInfinite(d)) {
            throw new RejectedInput(Reason.NOT_A_NUMBER, "field '" + name + "' is " + v.asText());
        }
        return d;
    }

    long integer(String name) {
        JsonNode v = required(name);
        if (!v.isIntegralNumber() || !v.canConvertToLong()) {
            throw wrongType(name, "an integer", v);
        }
        return v.asLong();
    }

    Instant instant(String name) {
        String s = text(name);
        try {
            return Instant.parse(s);
        } catch (DateTimeParseException e) {
            throw new RejectedInput(Reason.WRONG_TYPE,
                    "field '" + name + "' is not an ISO-8601 instant such as 2026-11-20T20:00:00Z: " + quoted(s));
        }
    }

    Instant optionalInstant(String name) { return has(name) ? instant(name) : null; }

    List<String> textList(String name) {
        JsonNode v = required(name);
        if (!v.isArray()) {
            throw wrongType(name, "an array", v);
        }
        List<String> out = new ArrayList<>(v.size());
        for (int i = 0; i < v.size(); i++) {
            if (!v.get(i).isTextual()) {
                throw wrongType(name + "[" + i + "]", "a string", v.get(i));
            }
            out.add(v.get(i).asText());
        }
        return out;
    }

    JsonNode array(String name) {
        JsonNode v = required(name);
        if (!v.isArray()) {
            throw wrongType(name, "an array", v);
        }
        return v;
    }

    private static RejectedInput wrongType(String name, String expected, JsonNode v) {
        return new RejectedInput(Reason.WRONG_TYPE, "field '" + name + "' should be " + expected + " but is " + describe(v));
    }

    private static String describe(JsonNode v) {
        JsonNodeType t = v.getNodeType();
        String shown = v.toString();
        if (shown.length() > 40) {
            shown = shown.substring(0, 40) + "…";
        }
        return t.name().toLowerCase(java.util.Locale.ROOT) + " " + shown;
    }
}
