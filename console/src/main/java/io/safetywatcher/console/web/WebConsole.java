package io.safetywatcher.console.web;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.DriverException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.safetywatcher.common.codec.AlertCodec;
import io.safetywatcher.common.codec.Decoded;
import io.safetywatcher.common.codec.Json;
import io.safetywatcher.common.config.Topics;
import io.safetywatcher.common.config.WatcherConfig;
import io.safetywatcher.common.event.Alert;
import io.safetywatcher.common.event.Severity;
import io.safetywatcher.common.security.KafkaAccess;
import io.safetywatcher.console.ActionRequest;
import io.safetywatcher.console.Exchanges;
import io.safetywatcher.console.Refused;
import io.safetywatcher.console.TopicTail;
import io.safetywatcher.store.actions.ActionTables;

import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The desk page ({@code GET /}) and the API it calls ({@code /api/}), served by the console
 * program beside the action API and the CAP feed. The alert list is an {@link AlertBoard} fed by
 * a {@code read_committed} tail of the alert topic and pushed to open pages as server-sent
 * events; the detail, plan and trends are read from the store ({@link DeskStore}); every action
 * goes through the action service's own checks and writes ({@link Actions}), the same as the CLI's.
 * A page must sign in ({@link Sessions}); operators act, analysts read.
 */
public final class WebConsole implements AutoCloseable {
    /** A sign-in or action body is a few hundred bytes. */
    static final int MAX_BODY = 16 * 1024;
    static final String COOKIE = "sw_console";
    static final String CSRF_HEADER = "X-CSRF-Token";
    /** The live list is rebuilt at start from the store, then from this far back on the topic, so nothing published meanwhile is missed. */
    static final Duration TAIL_OVERLAP = Duration.ofMinutes(5);
    private static final Pattern ALERT = Pattern.compile("/api/alerts/([^/]+)");
    private static final Pattern EVIDENCE = Pattern.compile("/api/alerts/([^/]+)/evidence/(\\d{1,4})\\.jpg");
    private static final Pattern ACTION = Pattern.compile("/api/alerts/([^/]+)/([a-z]+)");
    private static final Map<String, String> TYPES = Map.of("html", "text/html; charset=utf-8", "js", "text/javascript; charset=utf-8",
            "css", "text/css; charset=utf-8", "svg", "image/svg+xml", "wav", "audio/wav", "png", "image/png");

    /** Checks an account's password and says what it may do; {@link Refused} 401/403 otherwise. */
    @FunctionalInterface
    public interface Accounts {
        Sessions.Role check(String account, String password);
    }

    /** The action service's checked write of one request by {@code actor}, as the CLI's actions are done. */
    @FunctionalInterface
    public interface Actions {
        ObjectNode perform(ActionRequest request, String actor);
    }

    private final DeskStore store;
    private final AlertBoard board;
    private final LiveStream live = new LiveStream();
    private final Sessions sessions;
    private final Accounts accounts;
    private final Actions actions;
    private final boolean authenticated;
    private final boolean tls;
    private final Clock clock;
    private final Consumer<String> log;
    private final TopicTail tail;

    public WebConsole(WatcherConfig config, CqlSession session, boolean authenticated, boolean tls, Accounts accounts, Actions actions,
                      Clock clock, Consumer<String> log) {
        this.store = new DeskStore(session, config.get("cassandra.keyspace"));
        this.board = new AlertBoard(config.getInt("console.board.size", 100, 100_000));
        this.sessions = new Sessions(clock, config.getDuration("console.session.idle", Duration.ofMinutes(1), Duration.ofDays(7)),
                config.getDuration("console.session.longest", Duration.ofMinutes(1), Duration.ofDays(7)));
        this.accounts = accounts;
        this.actions = actions;
        this.authenticated = authenticated;
        this.tls = tls;
        this.clock = clock;
        this.log = log;
        Duration history = config.getDuration("console.board.history", Duration.ZERO, Duration.ofDays(30));
        Instant now = clock.instant();
        int seeded = 0;
        try {
            for (AlertBoard.Row r : store.recent(now, history, config.getInt("console.board.size", 100, 100_000))) {
                seeded += board.seed(r) ? 1 : 0;
            }
            for (AlertBoard.Row r : board.list(new AlertBoard.Filter(null, null, null, "open"), Integer.MAX_VALUE)) {
                foldActions(r.id());
            }
            log.accept("desk: " + seeded + " alerts of the last " + history.toHours() + " h from the store");
        } catch (DriverException e) {
            log.accept("desk: could not fill the alert list from the store (" + e.getMessage() + "); " + seeded
                    + " alerts read before that; it fills from the topic");
        }
        this.tail = new TopicTail("live alerts", config.get("kafka.bootstrap"), KafkaAccess.of(config), Topics.of(config).alerts(),
                TopicTail.StartAt.since(now.minus(TAIL_OVERLAP)), r -> take(r.value(), r.topic() + "-" + r.partition() + "@" + r.offset()), log);
    }

    /** Registers the page and its API on {@code server} and starts reading the alert topic. */
    public WebConsole mount(HttpServer server) {
        server.createContext("/", this::page);
        server.createContext("/api/", this::api);
        tail.start();
        return this;
    }

    public AlertBoard board() { return board; }

    /** One alert event from the topic: folded into the list and pushed to the pages when it changed a row. */
    void take(byte[] value, String where) {
        Decoded<Alert> d = AlertCodec.decode(value);
        if (!d.isOk()) {
            log.accept("live alerts: skipped " + where + ": " + d.rejection());
            return;
        }
        board.apply(d.value()).ifPresent(this::push);
    }

    /** After the action service has written an action on an alert (from this page or the CLI): the row changes in every page. */
    public void acted(ActionRequest request, String actor) {
        if (request instanceof ActionRequest.OnAlert a) {
            board.acted(a.alertId(), a.kind(), actor, a.assignee()).ifPresent(this::push);
        }
    }

    private void foldActions(String alertId) {
        for (ActionTables.Action x : store.actionsOf(alertId)) {
            board.acted(alertId, x.kind(), x.actor(), x.assignee());
        }
    }

    private void push(AlertBoard.Row r) {
        live.publish("alert", RowJson.of(r).toString());
    }

    // ---- the page's files

    private void page(HttpExchange ex) throws IOException {
        try (ex) {
            String path = ex.getRequestURI().getRawPath();
            if (!"GET".equals(ex.getRequestMethod()) && !"HEAD".equals(ex.getRequestMethod())) {
                ex.getResponseHeaders().set("Allow", "GET, HEAD");
                Exchanges.refuse(ex, new Refused(405, "the page is read with GET"), false);
                return;
            }
            String name = path.equals("/") ? "index.html" : path.startsWith("/static/") ? path.substring("/static/".length()) : null;
            if (name == null || !name.matches("[a-z0-9-]+\\.[a-z]{2,4}")) {
                Exchanges.refuse(ex, new Refused(404, "no page at " + path), false);
                return;
            }
            try (InputStream in = WebConsole.class.getResourceAsStream("static/" + name)) {
                String type = TYPES.get(name.substring(name.lastIndexOf('.') + 1));
                if (in == null || type == null) {
                    Exchanges.refuse(ex, new Refused(404, "no page at " + path), false);
                    return;
                }
                secure(ex);
                ex.getResponseHeaders().set("Cache-Control", "no-cache");
                Exchanges.sendBytes(ex, 200, type, in.readAllBytes());
            }
        }
    }

    /** The page runs only its own scripts, is never framed, and sends no referrer. */
    private static void secure(HttpExchange ex) {
        ex.getResponseHeaders().set("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; media-src 'self' data:; "
                + "object-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'");
        ex.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
        ex.getResponseHeaders().set("X-Frame-Options", "DENY");
        ex.getResponseHeaders().set("Referrer-Policy", "no-referrer");
    }

    // ---- the API

    private void api(HttpExchange ex) throws IOException {
        // Not try-with-resources: a refusal is answered in the catch, before the exchange closes.
        try {
            secure(ex);
            ex.getResponseHeaders().set("Cache-Control", "no-store");
            route(ex);
        } catch (Refused r) {
            Exchanges.refuse(ex, r, false);
        } catch (DriverException e) {
            log.accept("desk: store error: " + e.getClass().getSimpleName() + ": " + e.getMessage());
            ObjectNode o = Json.MAPPER.createObjectNode();
            o.put("error", "the store did not answer: " + e.getMessage());
            Exchanges.send(ex, 503, o);
        } catch (IOException e) {
            // the page went away mid-answer: nothing to tell it
        } finally {
            ex.close();
        }
    }

    private void route(HttpExchange ex) throws IOException {
        String method = ex.getRequestMethod();
        String path = ex.getRequestURI().getRawPath();
        if (path.equals("/api/session")) {
            switch (method) {
                case "POST" -> signIn(ex);
                case "GET" -> Exchanges.send(ex, 200, me(signedIn(ex)));
                case "DELETE" -> signOut(ex);
                default -> throw notAllowed(ex, "GET, POST, DELETE");
            }
            return;
        }
        Sessions.Session s = signedIn(ex);
        if ("POST".equals(method)) {
            checkCsrf(ex, s);
            if (!s.role().acts()) {
                throw new Refused(403, s.account() + " is an analyst: analysts read, only operators act on alerts");
            }
            JsonNode body = Exchanges.json(ex, MAX_BODY);
            Matcher m = ACTION.matcher(path);
            String actionPath;
            if (m.matches()) {
                actionPath = "/actions/alerts/" + m.group(1) + "/" + m.group(2);
            } else if (path.equals("/api/silences")) {
                actionPath = "/actions/silences";
            } else {
                throw new Refused(404, "no action at " + path);
            }
            ActionRequest request = ActionRequest.parse(actionPath, body);
            Exchanges.send(ex, 200, actions.perform(request, actorOf(s)));
            return;
        }
        if (!"GET".equals(method) && !"HEAD".equals(method)) {
            throw notAllowed(ex, "GET, POST");
        }
        if (path.equals("/api/alerts")) {
            Exchanges.send(ex, 200, list(query(ex)));
        } else if (path.equals("/api/alerts/stream")) {
            stream(ex, s);
        } else if (path.equals("/api/plan")) {
            Exchanges.send(ex, 200, store.plan(board, clock.instant()));
        } else if (path.equals("/api/trends")) {
            Exchanges.send(ex, 200, store.trends());
        } else {
            Matcher ev = EVIDENCE.matcher(path);
            Matcher al = ALERT.matcher(path);
            if (ev.matches()) {
                byte[] jpeg = store.evidenceJpeg(decode(ev.group(1)), Integer.parseInt(ev.group(2)))
                        .orElseThrow(() -> new Refused(404, "no such evidence frame"));
                ex.getResponseHeaders().set("Cache-Control", "private, max-age=3600");
                Exchanges.sendBytes(ex, 200, "image/jpeg", jpeg);
            } else if (al.matches()) {
                String id = decode(al.group(1));
                ObjectNode d = store.detail(id).orElseThrow(() -> new Refused(404, "no alert with id '" + id + "'"));
                Exchanges.send(ex, 200, d);
            } else {
                throw new Refused(404, "nothing at " + path);
            }
        }
    }

    private static Refused notAllowed(HttpExchange ex, String allow) {
        ex.getResponseHeaders().set("Allow", allow);
        return new Refused(405, ex.getRequestMethod() + " is not allowed here; use " + allow);
    }

    private String actorOf(Sessions.Session s) {
        return authenticated ? s.account() : s.account() + " (unauthenticated)";
    }

    private ObjectNode me(Sessions.Session s) {
        ObjectNode o = Json.MAPPER.createObjectNode();
        o.put("account", s.account());
        o.put("role", s.role().id());
        o.put("csrf", s.csrf());
        o.put("authenticated", authenticated);
        o.put("idle_timeout_s", sessions.idleSeconds());
        return o;
    }

    private void signIn(HttpExchange ex) throws IOException {
        sameOrigin(ex);
        JsonNode body = Exchanges.json(ex, MAX_BODY);
        String account = text(body, "account");
        String password = body.path("password").isTextual() ? body.get("password").asText() : "";
        if (account.isEmpty() || account.length() > 64 || !account.matches("[\\p{L}\\p{N}_.@-]+")) {
            throw Refused.badRequest("sign in with an account name: 1-64 letters, digits or _.@-");
        }
        Sessions.Role role = accounts.check(account, password);
        Sessions.Session s = sessions.open(account, role);
        ex.getResponseHeaders().add("Set-Cookie", COOKIE + "=" + s.token() + "; Path=/; HttpOnly; SameSite=Strict; Max-Age="
                + sessions.maxAgeSeconds() + (tls ? "; Secure" : ""));
        log.accept("desk: " + account + " signed in (" + role.id() + ")");
        Exchanges.send(ex, 200, me(s));
    }

    private void signOut(HttpExchange ex) throws IOException {
        Sessions.Session s = signedIn(ex);
        checkCsrf(ex, s);
        sessions.close(s.token());
        ex.getResponseHeaders().add("Set-Cookie", COOKIE + "=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0" + (tls ? "; Secure" : ""));
        ObjectNode o = Json.MAPPER.createObjectNode();
        o.put("signed_out", s.account());
        Exchanges.send(ex, 200, o);
    }

    private Sessions.Session signedIn(HttpExchange ex) {
        return sessions.find(cookie(ex)).orElseThrow(() -> new Refused(401, "not signed in, or the session has ended: sign in again"));
    }

    /** A state change must carry the session's CSRF token and, when the browser says where it comes from, come from this page. */
    private void checkCsrf(HttpExchange ex, Sessions.Session s) {
        sameOrigin(ex);
        if (!s.csrfMatches(ex.getRequestHeaders().getFirst(CSRF_HEADER))) {
            throw new Refused(403, "missing or wrong " + CSRF_HEADER + " header: reload the page");
        }
    }

    private static void sameOrigin(HttpExchange ex) {
        String origin = ex.getRequestHeaders().getFirst("Origin");
        String host = ex.getRequestHeaders().getFirst("Host");
        if (origin != null && !"null".equals(origin) && (host == null || !origin.replaceFirst("^https?://", "").equalsIgnoreCase(host))) {
            throw new Refused(403, "a request from another site (" + origin + ") is refused");
        }
    }

    static String cookie(HttpExchange ex) {
        List<String> headers = ex.getRequestHeaders().get("Cookie");
        if (headers == null) {
            return null;
        }
        for (String h : headers) {
            for (String part : h.split(";")) {
                String p = part.strip();
                if (p.startsWith(COOKIE + "=")) {
                    return p.substring(COOKIE.length() + 1);
                }
            }
        }
        return null;
    }

    private ObjectNode list(Map<String, String> q) {
        Severity severity = null;
        if (q.get("severity") != null && !q.get("severity").isBlank()) {
            severity = Severity.fromId(q.get("severity")).orElseThrow(() -> Refused.badRequest("unknown severity '" + q.get("severity")
                    + "': info, low, medium, high or critical"));
        }
        String state = q.get("state");
        if (state != null && !state.isBlank() && !state.matches("(?i)open|firing|updated|resolved")) {
            throw Refused.badRequest("unknown state '" + state + "': open, firing, updated or resolved");
        }
        int limit = 500;
        if (q.get("limit") != null) {
            try {
                limit = Integer.parseInt(q.get("limit"));
            } catch (NumberFormatException e) {
                limit = -1;
            }
            if (limit < 1 || limit > 10_000) {
                throw Refused.badRequest("limit must be a whole number from 1 to 10000, not '" + q.get("limit") + "'");
            }
        }
        AlertBoard.Filter f = new AlertBoard.Filter(q.get("zone"), q.get("type"), severity, state);
        List<AlertBoard.Row> rows = board.list(f, limit);
        ObjectNode o = Json.MAPPER.createObjectNode();
        o.put("total", board.size());
        ArrayNode a = o.putArray("rows");
        rows.forEach(r -> a.add(RowJson.of(r)));
        return o;
    }

    private void stream(HttpExchange ex, Sessions.Session s) throws IOException {
        ex.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
        ex.getResponseHeaders().set("X-Accel-Buffering", "no");
        if (live.clients() >= LiveStream.MAX_CLIENTS) {
            throw new Refused(503, "too many open pages (" + LiveStream.MAX_CLIENTS + ")");
        }
        ex.sendResponseHeaders(200, 0);
        try (var out = ex.getResponseBody()) {
            live.serve(out, () -> sessions.find(s.token()).isPresent());
        }
    }

    private static Map<String, String> query(HttpExchange ex) {
        String raw = ex.getRequestURI().getRawQuery();
        Map<String, String> q = new java.util.HashMap<>();
        if (raw == null) {
            return q;
        }
        for (String part : raw.split("&")) {
            int eq = part.indexOf('=');
            if (eq > 0) {
                q.put(decode(part.substring(0, eq)), decode(part.substring(eq + 1)));
            }
        }
        return q;
    }

    private static String decode(String s) {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw Refused.badRequest("bad escape in '" + s + "'");
        }
    }

    private static String text(JsonNode body, String field) {
        JsonNode n = body.get(field);
        return n != null && n.isTextual() ? n.asText().strip() : "";
    }

    @Override
    public void close() {
        tail.close();
    }

}
