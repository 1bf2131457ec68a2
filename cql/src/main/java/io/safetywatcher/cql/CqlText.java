package io.safetywatcher.cql;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Text handling for migration files: splitting into statements, placeholders, checksums. */
final class CqlText {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)}");

    private CqlText() {}

    /**
     * Splits a CQL script into statements on {@code ;}. Comments ({@code --} and {@code //} to
     * the end of the line, {@code /* *}{@code /} blocks) are dropped; a semicolon or a comment
     * marker inside a string literal ({@code '...'} with {@code ''} escapes, {@code $$...$$})
     * or a quoted identifier ({@code "..."}) is kept as text. Blank statements are skipped,
     * and a last statement without a {@code ;} still counts.
     *
     * @throws IllegalArgumentException on an unterminated literal, identifier or comment
     */
    static List<String> split(String script) {
        List<String> statements = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        int n = script.length();
        int i = 0;
        while (i < n) {
            char c = script.charAt(i);
            char next = i + 1 < n ? script.charAt(i + 1) : '\0';
            if (c == '\'' || c == '"') {
                int end = endOfQuoted(script, i, c);
                current.append(script, i, end);
                i = end;
            } else if (c == '$' && next == '$') {
                int close = script.indexOf("$$", i + 2);
                if (close < 0) {
                    throw unterminated("$$ string literal", script, i);
                }
                current.append(script, i, close + 2);
                i = close + 2;
            } else if ((c == '-' && next == '-') || (c == '/' && next == '/')) {
                // Keep the newline itself so the statement's lines stay apart.
                int eol = script.indexOf('\n', i);
                i = eol < 0 ? n : eol;
            } else if (c == '/' && next == '*') {
                int close = script.indexOf("*/", i + 2);
                if (close < 0) {
                    throw unterminated("/* comment", script, i);
                }
                current.append(' ');
                i = close + 2;
            } else if (c == ';') {
                add(statements, current);
                current.setLength(0);
                i++;
            } else {
                current.append(c);
                i++;
            }
        }
        add(statements, current);
        return statements;
    }

    /** Index just past the closing quote; a doubled quote is an escaped one. */
    private static int endOfQuoted(String script, int start, char quote) {
        int i = start + 1;
        while (i < script.length()) {
            if (script.charAt(i) == quote) {
                if (i + 1 < script.length() && script.charAt(i + 1) == quote) {
                    i += 2;
                    continue;
                }
                return i + 1;
            }
            i++;
        }
        throw unterminated(quote == '\'' ? "string literal" : "quoted identifier", script, start);
    }

    private static void add(List<String> statements, StringBuilder current) {
        String statement = current.toString().strip();
        if (!statement.isEmpty()) {
            statements.add(statement);
        }
    }

    private static IllegalArgumentException unterminated(String what, String script, int at) {
        return new IllegalArgumentException("unterminated " + what + " starting at line " + lineOf(script, at));
    }

    private static int lineOf(String script, int index) {
        int line = 1;
        for (int i = 0; i < index; i++) {
            if (script.charAt(i) == '\n') {
                line++;
            }
        }
        return line;
    }

    /**
     * Replaces every {@code ${name}} with its value, in one pass (a value is never expanded
     * again).
     *
     * @throws IllegalArgumentException for a name without a value, or a {@code ${} that is not
     *     a well-formed placeholder: a typo must not reach the server as literal text
     */
    static String substitute(String text, Map<String, String> values) {
        Matcher m = PLACEHOLDER.matcher(text);
        StringBuilder out = new StringBuilder(text.length());
        int last = 0;
        while (m.find()) {
            requireNoStrayOpening(text, last, m.start());
            String value = values.get(m.group(1));
            if (value == null) {
                throw new IllegalArgumentException("unknown placeholder ${" + m.group(1) + "}; known: " + values.keySet());
            }
            out.append(text, last, m.start()).append(value);
            last = m.end();
        }
        requireNoStrayOpening(text, last, text.length());
        return out.append(text, last, text.length()).toString();
    }

    private static void requireNoStrayOpening(String text, int from, int to) {
        int stray = text.indexOf("${", from);
        if (stray >= 0 && stray < to) {
            int end = Math.min(text.length(), stray + 20);
            throw new IllegalArgumentException("malformed placeholder near \"" + text.substring(stray, end) + "\"");
        }
    }

    /**
     * SHA-256 (lower-case hex) of a file's text. Line endings are normalised to {@code \n} and
     * a byte-order mark is dropped first, so a checkout that converts line endings does not
     * look like an edit.
     */
    static String sha256(String text) {
        String normalised = text.replace("\r\n", "\n").replace('\r', '\n');
        if (normalised.startsWith("\uFEFF")) {
            normalised = normalised.substring(1);
        }
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(digest.digest(normalised.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime provides SHA-256", e);
        }
    }

    /** One line, at most {@code max} characters: for naming a statement in a message. */
    static String abbreviate(String statement, int max) {
        String oneLine = statement.replaceAll("\\s+", " ").strip();
        return oneLine.length() <= max ? oneLine : oneLine.substring(0, max - 1) + "…";
    }
}
