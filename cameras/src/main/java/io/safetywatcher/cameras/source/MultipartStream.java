package io.safetywatcher.cameras.source;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * The parts of a {@code multipart/x-mixed-replace} body, one at a time: what an MJPEG camera
 * sends over HTTP and what {@code ffmpeg -f mpjpeg} writes. A part's length comes from its
 * Content-Length header when it has one; without it the part ends where the next boundary line
 * starts. Pure: works on any {@link InputStream}, so it is tested without a server.
 */
public final class MultipartStream {
    private final InputStream in;
    private final byte[] delimiter;   // "--" + boundary
    private final byte[] separator;   // "\r\n--" + boundary: where a part without a length ends
    private final int maxPartBytes;
    /** True when the last part ended by running into the next boundary, so its line is already read. */
    private boolean atBoundary;
    private boolean ended;

    public MultipartStream(InputStream in, String boundary, int maxPartBytes) {
        // Some cameras declare the boundary with its leading dashes: their delimiter line is the boundary itself.
        String b = boundary.startsWith("--") ? boundary.substring(2) : boundary;
        // Read a byte at a time while looking for boundaries: buffered, or each read is a system call.
        this.in = in instanceof java.io.BufferedInputStream ? in : new java.io.BufferedInputStream(in, 64 * 1024);
        this.delimiter = ("--" + b).getBytes(StandardCharsets.ISO_8859_1);
        this.separator = ("\r\n--" + b).getBytes(StandardCharsets.ISO_8859_1);
        this.maxPartBytes = maxPartBytes;
    }

    /** The boundary a Content-Type declares; an IOException when it is not multipart or has none. */
    public static String boundaryOf(String contentType) throws IOException {
        if (contentType == null || !contentType.toLowerCase(Locale.ROOT).startsWith("multipart/")) {
            throw new IOException("the stream's content type is " + (contentType == null ? "missing" : "'" + contentType + "'")
                    + ", not multipart/x-mixed-replace");
        }
        for (String p : contentType.split(";")) {
            String t = p.trim();
            if (t.toLowerCase(Locale.ROOT).startsWith("boundary=")) {
                String v = t.substring("boundary=".length()).trim();
                if (v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"")) {
                    v = v.substring(1, v.length() - 1);
                }
                if (!v.isEmpty()) {
                    return v;
                }
            }
        }
        throw new IOException("the stream's content type '" + contentType + "' names no boundary");
    }

    /** The next part's body; null when the stream ends (closing delimiter or end of input between parts). */
    public byte[] next() throws IOException {
        if (ended) {
            return null;
        }
        if (!atBoundary && !skipToDelimiter()) {
            ended = true;
            return null;
        }
        atBoundary = false;
        String rest = line();
        if (rest == null || rest.startsWith("--")) { // "--boundary--": the last part was the last
            ended = true;
            return null;
        }
        int length = -1;
        for (String h = line(); h == null || !h.isEmpty(); h = line()) {
            if (h == null) { // ffmpeg's mpjpeg ends with a delimiter line and nothing after it
                ended = true;
                return null;
            }
            int colon = h.indexOf(':');
            if (colon > 0 && h.substring(0, colon).trim().equalsIgnoreCase("content-length")) {
                try {
                    length = Integer.parseInt(h.substring(colon + 1).trim());
                } catch (NumberFormatException e) {
                    throw new IOException("a part's Content-Length is not a number: '" + h.substring(colon + 1).trim() + "'");
                }
                if (length < 0 || length > maxPartBytes) {
                    throw new IOException("a part of " + length + " bytes is beyond the limit of " + maxPartBytes);
                }
            }
        }
        if (length < 0) {
            return untilSeparator();
        }
        byte[] body = in.readNBytes(length);
        if (body.length < length) {
            throw new EOFException("the stream ended inside a part of " + length + " bytes");
        }
        return body;
    }

    /** Reads lines until the delimiter line; false at the end of the input. */
    private boolean skipToDelimiter() throws IOException {
        int matched = 0;
        for (int c = in.read(); c >= 0; c = in.read()) {
            if (c == (delimiter[matched] & 0xFF)) {
                if (++matched == delimiter.length) {
                    return true;
                }
            } else {
                matched = c == (delimiter[0] & 0xFF) ? 1 : 0;
            }
        }
        return false;
    }

    /** A part without a length: its bytes up to the CRLF before the next delimiter. */
    private byte[] untilSeparator() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(64 * 1024);
        int matched = 0;
        for (int c = in.read(); c >= 0; c = in.read()) {
            if (c == (separator[matched] & 0xFF)) {
                if (++matched == separator.length) {
                    atBoundary = true;
                    return out.toByteArray();
                }
                continue;
            }
            // A partial match that failed: its bytes were data (the separator starts with CR, which occurs only at its start).
            out.write(separator, 0, matched);
            matched = c == (separator[0] & 0xFF) ? 1 : 0;
            if (matched == 0) {
                out.write(c);
            }
            if (out.size() > maxPartBytes) {
                throw new IOException("a part without a Content-Length ran past the limit of " + maxPartBytes + " bytes");
            }
        }
        throw new EOFException("the stream ended inside a part");
    }

    /** A header line without its CRLF (or LF); null at the end of the input. */
    private String line() throws IOException {
        StringBuilder sb = new StringBuilder();
        for (int c = in.read(); c >= 0; c = in.read()) {
            if (c == '\n') {
                int n = sb.length();
                return n > 0 && sb.charAt(n - 1) == '\r' ? sb.substring(0, n - 1) : sb.toString();
            }
            if (sb.length() > 8192) {
                throw new IOException("a part header line is longer than 8192 bytes");
            }
            sb.append((char) c);
        }
        return sb.length() == 0 ? null : sb.toString();
    }
}
