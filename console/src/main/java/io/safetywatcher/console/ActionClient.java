package io.safetywatcher.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.safetywatcher.common.codec.Json;
import io.safetywatcher.common.config.WatcherConfig;
import io.safetywatcher.common.security.CassandraAccess;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * How the CLI acts: a POST to the action service with the operator's own Cassandra account and
 * password (HTTP Basic) over HTTPS that trusts the stack's CA (the Cassandra trust store) when
 * Cassandra speaks TLS. The service decides who the actor is; the OS login sent along counts
 * only where there is no authentication at all.
 */
public final class ActionClient {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private final URI base;
    private final CassandraAccess access;
    private final HttpClient http;

    public ActionClient(WatcherConfig config) {
        this.access = CassandraAccess.of(config);
        String host = config.get("console.host");
        this.base = URI.create((access.tls() ? "https" : "http") + "://" + (host.contains(":") ? "[" + host + "]" : host) + ":"
                + config.getPort("console.port"));
        HttpClient.Builder b = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5));
        access.sslContext().ifPresent(b::sslContext);
        this.http = b.build();
    }

    public URI base() { return base; }

    /** What the service answered with a status other than 200. */
    public static final class Refusal extends RuntimeException {
        private final int status;

        Refusal(int status, String message) {
            super(message);
            this.status = status;
        }

        public int status() { return status; }
    }

    /** Acknowledge or comment: {@code kind} is ack or comment (resolve and assign have their own methods). */
    public JsonNode onAlert(String alertId, String kind, String note) {
        return onAlert(alertId, kind, withNote(note));
    }

    /**
     * Resolve: {@code disposition} true_alarm, false_alarm or test, or null; {@code falseAlarm}
     * the older flag, sent only when not null (the service refuses the two when they disagree).
     */
    public JsonNode resolve(String alertId, String note, String disposition, String category, Boolean falseAlarm) {
        ObjectNode body = withNote(note);
        if (disposition != null) {
            body.put("disposition", disposition);
        }
        if (category != null) {
            body.put("category", category);
        }
        if (falseAlarm != null) {
            body.put("false_alarm", falseAlarm);
        }
        return onAlert(alertId, "resolve", body);
    }

    /** Assign to operator {@code to}; "" unassigns. */
    public JsonNode assign(String alertId, String to, String note) {
        ObjectNode body = withNote(note);
        body.put("to", to);
        return onAlert(alertId, "assign", body);
    }

    private static ObjectNode withNote(String note) {
        ObjectNode body = Json.object();
        if (note != null) {
            body.put("note", note);
        }
        return body;
    }

    private JsonNode onAlert(String alertId, String kind, ObjectNode body) {
        return post("/actions/alerts/" + URLEncoder.encode(alertId, StandardCharsets.UTF_8).replace("+", "%20") + "/" + kind, body);
    }

    /** A silence of {@code zone} ({@code type} null: every type) from {@code startsAt} to {@code endsAt}. */
    public JsonNode silence(String zone, String type, java.time.Instant startsAt, java.time.Instant endsAt, String reason) {
        ObjectNode body = Json.object();
        body.put("zone", zone);
        if (type != null) {
            body.put("type", type);
        }
        body.put("starts_at", startsAt.toString());
        body.put("ends_at", endsAt.toString());
        body.put("reason", reason);
        return post("/actions/silences", body);
    }

    /** Ends silence {@code id} now. */
    public JsonNode expireSilence(String id) {
        return post("/actions/silences/" + URLEncoder.encode(id, StandardCharsets.UTF_8) + "/expire", Json.object());
    }

    /** POSTs {@code body} to {@code path}; the answer's JSON, or {@link Refusal} with the service's own words. */
    public JsonNode post(String path, ObjectNode body) {
        if (!access.authenticated()) {
            body.put(ActionRequest.ACTOR, System.getProperty("user.name", "unknown"));
        }
        HttpRequest.Builder r = HttpRequest.newBuilder(base.resolve(path)).timeout(TIMEOUT)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString(), StandardCharsets.UTF_8));
        if (access.authenticated()) {
            r.header("Authorization", new Credentials(access.username(), access.password()).header());
        }
        HttpResponse<String> response;
        try {
            response = http.send(r.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (ConnectException | HttpConnectTimeoutException e) {
            throw new IllegalStateException("the action service at " + base + " is not reachable: is the stack up? (./watcher stack status; "
                    + "or run ./watcher console)");
        } catch (IOException e) {
            throw new IllegalStateException("the action service at " + base + " failed: " + e.getMessage()
                    + (e instanceof javax.net.ssl.SSLException ? " (TLS: does it use the stack's key store?)" : ""));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the action service at " + base);
        }
        JsonNode answer;
        try {
            answer = Json.MAPPER.readTree(response.body());
        } catch (IOException | RuntimeException e) {
            answer = null;
        }
        if (response.statusCode() != 200) {
            String why = answer != null && answer.hasNonNull("error") ? answer.get("error").asText() : "HTTP " + response.statusCode();
            throw new Refusal(response.statusCode(), "the action service refused: " + why);
        }
        if (answer == null) {
            throw new IllegalStateException("the action service at " + base + " answered something other than JSON");
        }
        return answer;
    }
}
