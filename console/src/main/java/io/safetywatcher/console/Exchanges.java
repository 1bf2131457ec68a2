package io.safetywatcher.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import io.safetywatcher.common.codec.Json;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/** Reading a request and answering it, the same way for the action API, the CAP feed and the desk page. */
public final class Exchanges {
    private Exchanges() {}

    /** The body as a JSON value (an empty body is an empty object); {@link Refused} 413 above {@code max} bytes, 400 when not JSON. */
    public static JsonNode json(HttpExchange ex, int max) throws IOException {
        byte[] bytes;
        try (InputStream in = ex.getRequestBody()) {
            bytes = in.readNBytes(max + 1);
        }
        if (bytes.length > max) {
            throw new Refused(413, "the body is larger than " + max + " bytes");
        }
        if (bytes.length == 0) {
            return Json.MAPPER.createObjectNode();
        }
        try {
            return Json.MAPPER.readTree(bytes);
        } catch (IOException | RuntimeException e) {
            throw Refused.badRequest("the body is not JSON");
        }
    }

    /** A refusal as JSON {@code {"error": ...}}, with the Basic challenge on a 401. */
    public static void refuse(HttpExchange ex, Refused r) throws IOException {
        refuse(ex, r, true);
    }

    /** As {@link #refuse(HttpExchange, Refused)}; {@code challenge} false for the page's API, whose 401 must not pop up the browser's own dialog. */
    public static void refuse(HttpExchange ex, Refused r, boolean challenge) throws IOException {
        if (r.status() == 401 && challenge) {
            ex.getResponseHeaders().set("WWW-Authenticate", "Basic realm=\"safety-watcher\", charset=\"UTF-8\"");
        }
        ObjectNode o = Json.MAPPER.createObjectNode();
        o.put("error", r.getMessage());
        send(ex, r.status(), o);
    }

    public static void send(HttpExchange ex, int status, JsonNode body) throws IOException {
        sendBytes(ex, status, "application/json; charset=utf-8", body.toString().getBytes(StandardCharsets.UTF_8));
    }

    public static void sendBytes(HttpExchange ex, int status, String contentType, byte[] bytes) throws IOException {
        ex.getResponseHeaders().set("Content-Type", contentType);
        boolean head = "HEAD".equals(ex.getRequestMethod());
        ex.sendResponseHeaders(status, head ? -1 : bytes.length);
        try (var out = ex.getResponseBody()) {
            if (!head) {
                out.write(bytes);
            }
        }
    }
}
