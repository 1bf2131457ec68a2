package io.safetywatcher.common.codec;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** The one JSON mapper every codec shares. */
public final class Json {
    /**
     * NaN and Infinity literals are parsed on purpose, so that a device sending them is told
     * "not a number" rather than a vaguer parse error.
     */
    public static final ObjectMapper MAPPER = JsonMapper.builder(JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder()
                            .maxNestingDepth(Limits.MAX_NESTING)
                            .maxNumberLength(Limits.MAX_NUMBER_DIGITS)
                            .maxStringLength(Limits.MAX_STRING_CHARS)
                            .build())
                    .build())
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .build();

    /**
     * What a device's JSON may hold. Our records are flat and small: these bounds are far above
     * any valid one and far below what would cost the job memory or time.
     */
    public static final class Limits {
        public static final int MAX_NESTING = 32;
        public static final int MAX_NUMBER_DIGITS = 64;
        public static final int MAX_STRING_CHARS = 1024 * 1024; // a dead letter carries 64 KB of raw bytes as base64

        private Limits() {}
    }

    private static final int MAX_MESSAGE_CHARS = 160;

    private Json() {}

    public static ObjectNode object() { return MAPPER.createObjectNode(); }

    public static byte[] bytes(JsonNode node) {
        try {
            return MAPPER.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Parses one JSON document; malformed input is a {@link RejectedInput}. */
    static JsonNode parse(byte[] value) {
        if (value == null || value.length == 0) {
            throw new RejectedInput(Reason.EMPTY_PAYLOAD, "the message has no value");
        }
        try {
            return MAPPER.readTree(value);
        } catch (StreamConstraintsException e) {
            // Carries no location (Jackson 2.15): the limit it names is the whole story.
            throw new RejectedInput(Reason.TOO_LARGE, "JSON past the parser's limits: " + message(e.getOriginalMessage()));
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            throw new RejectedInput(Reason.MALFORMED_JSON, "not valid JSON: " + message(e.getOriginalMessage())
                    + (at == null ? "" : " at column " + at.getColumnNr()));
        } catch (IOException e) {
            throw new RejectedInput(Reason.MALFORMED_JSON, "not valid JSON: " + message(e.getMessage()));
        }
    }

    /** Jackson's message cut to a line: it may quote up to 500 chars of the input ("[Source: ..."). */
    private static String message(String m) {
        if (m == null || m.isBlank()) {
            return "(no message)";
        }
        return m.length() <= MAX_MESSAGE_CHARS ? m : m.substring(0, MAX_MESSAGE_CHARS) + "…";
    }

    static String text(byte[] value) { return new String(value, StandardCharsets.UTF_8); }
}
