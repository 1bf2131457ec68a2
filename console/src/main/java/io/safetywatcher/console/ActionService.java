package io.safetywatcher.console;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.DefaultConsistencyLevel;
import com.datastax.oss.driver.api.core.DriverException;
import com.datastax.oss.driver.api.core.config.DefaultDriverOption;
import com.datastax.oss.driver.api.core.config.DriverConfigLoader;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.safetywatcher.common.codec.Json;
import io.safetywatcher.common.config.ConfigException;
import io.safetywatcher.common.config.WatcherConfig;
import io.safetywatcher.common.cap.Cap;
import io.safetywatcher.common.cap.CapMessage;
import io.safetywatcher.common.config.Topics;
import io.safetywatcher.common.security.CassandraAccess;
import io.safetywatcher.common.security.KafkaAccess;
import io.safetywatcher.console.web.Sessions;
import io.safetywatcher.console.web.WebConsole;
import io.safetywatcher.cql.CqlSessions;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.function.Consumer;

/**
 * The one way operators' actions reach the store: an HTTP service (HTTPS with the stack's key
 * store when Cassandra speaks TLS) that checks each request ({@link ActionRequest}), takes the
 * actor from the request's authentication ({@link Logins}), never from the request, and writes
 * with its own role. Without authentication on the store (the plaintext local default) it
 * records the name the client claims, marked "(unauthenticated)", as the CLI always did.
 * It also serves the CAP feed ({@code /cap/}, a {@link TopicTail} of the CAP topic).
 */
public final class ActionService implements AutoCloseable {
    /** A request body larger than this is refused: an action is a few hundred bytes. */
    static final int MAX_BODY = 64 * 1024;

    private final HttpServer server;
    private final ExecutorService threads;
    private final CqlSession session;
    private final ActionStore store;
    private final Logins logins;
    private final boolean authenticated;
    private final Clock clock;
    private final Consumer<String> log;
    private final URI address;
    private final CapFeed capFeed;
    private final TopicTail capReader;
    private final WebConsole web;

    private ActionService(WatcherConfig config, Clock clock, Consumer<String> log) throws IOException {
        this.clock = clock;
        this.log = log;
        this.authenticated = CassandraAccess.of(config).authenticated();
        this.logins = new Logins(config, clock);
        this.capFeed = new CapFeed(config.getInt("cap.feed.size", 1, 100_000));
        boolean tls = config.getBoolean("cassandra.tls.enabled");
        SSLContext ssl = tls ? serverContext(config) : null; // before anything is opened: a bad key store fails cleanly
        Duration timeout = Duration.ofSeconds(10);
        this.session = CqlSessions.builder(config).withKeyspace(config.get("cassandra.keyspace"))
                .withConfigLoader(DriverConfigLoader.programmaticBuilder()
                        .withDuration(DefaultDriverOption.CONNECTION_INIT_QUERY_TIMEOUT, timeout)
                        .withDuration(DefaultDriverOption.CONTROL_CONNECTION_TIMEOUT, timeout)
                        .withDuration(DefaultDriverOption.REQUEST_TIMEOUT, timeout)
                        .withString(DefaultDriverOption.REQUEST_CONSISTENCY, config.get("cassandra.consistency.read"))
                        .build())
                .build();
        try {
            this.store = new ActionStore(session, config.get("cassandra.keyspace"), DefaultConsistencyLevel.valueOf(config.get("cassandra.consistency.write")));
            InetSocketAddress bind = new InetSocketAddress(config.get("console.host"), config.getPort("console.port"));
            if (tls) {
                HttpsServer https = HttpsServer.create(bind, 50);
                https.setHttpsConfigurator(new HttpsConfigurator(ssl));
                this.server = https;
            } else {
                this.server = HttpServer.create(bind, 50);
            }
        } catch (java.net.BindException e) {
            session.close();
            throw new ConfigException("the action service cannot listen on " + config.get("console.host") + ":" + config.get("console.port")
                    + " (" + e.getMessage() + "): is it already running (./watcher stack status)? Or choose another port: --set console.port=<port>");
        } catch (IOException | RuntimeException e) {
            session.close();
            throw e;
        }
        // Each open desk page holds a thread for its live stream (at most LiveStream.MAX_CLIENTS), so the pool grows with them.
        this.threads = new java.util.concurrent.ThreadPoolExecutor(4, 128, 60, java.util.concurrent.TimeUnit.SECONDS,
                new java.util.concurrent.SynchronousQueue<>(), r -> {
            Thread t = new Thread(r, "action-service");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(threads);
        server.createContext("/health", this::health);
        server.createContext("/actions/", this::action);
        server.createContext("/cap/", this::cap);
        this.web = new WebConsole(config, session, authenticated, tls, this::signIn, this::perform, clock, log).mount(server);
        this.capReader = new TopicTail("CAP feed", config.get("kafka.bootstrap"), KafkaAccess.of(config), Topics.of(config).alertsCap(),
                TopicTail.StartAt.lastRecords(capFeed.capacity()), r -> {
                    try {
                        capFeed.add(CapMessage.parse(r.value()));
                    } catch (IllegalArgumentException e) {
                        log.accept("CAP feed: skipped " + r.topic() + "-" + r.partition() + "@" + r.offset() + ", not a CAP document: "
                                + e.getMessage());
                    }
                }, log).start();
        server.start();
        String host = config.get("console.host");
        this.address = URI.create((tls ? "https" : "http") + "://" + (host.contains(":") ? "[" + host + "]" : host) + ":"
                + server.getAddress().getPort());
    }

    /** Connects to Cassandra and serves on {@code console.host}:{@code console.port}. */
    public static ActionService start(WatcherConfig config, Consumer<String> log) throws IOException {
        return new ActionService(config, Clock.systemUTC(), log);
    }

    public URI address() { return address; }

    public boolean authenticated() { return authenticated; }

    private static SSLContext serverContext(WatcherConfig config) {
        String path = config.get("console.tls.keystore");
        if (path.isBlank()) {
            throw new ConfigException("cassandra.tls.enabled is true, so the action service speaks HTTPS and needs console.tls.keystore "
                    + "(stack up gives it the stack's own)");
        }
        char[] pw = config.secret("console.tls.keystore-password").toCharArray();
        try (InputStream in = Files.newInputStream(Path.of(path))) {
            KeyStore ks = KeyStore.getInstance(config.get("console.tls.keystore-type"));
            ks.load(in, pw);
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(ks, pw);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(kmf.getKeyManagers(), null, null);
            return ctx;
        } catch (IOException | java.security.GeneralSecurityException e) {
            throw new ConfigException("cannot use the key store " + path + " (console.tls.keystore): " + e.getMessage(), e);
        }
    }

    private void health(HttpExchange ex) throws IOException {
        ObjectNode o = Json.MAPPER.createObjectNode();
        o.put("status", "ok");
        o.put("authentication", authenticated);
        Exchanges.send(ex, 200, o);
    }

    private void action(HttpExchange ex) throws IOException {
        try {
            if (!"POST".equals(ex.getRequestMethod())) {
                ex.getResponseHeaders().set("Allow", "POST");
                throw new Refused(405, "actions are POSTed");
            }
            // Who asks is settled before what is asked is even read.
            String account = authenticated ? logins.operator(Credentials.parseBasic(ex.getRequestHeaders().getFirst("Authorization"))) : null;
            JsonNode body = Exchanges.json(ex, MAX_BODY);
            ActionRequest request = ActionRequest.parse(ex.getRequestURI().getRawPath(), body);
            String actor = authenticated ? account : ActionRequest.claimedActor(body);
            Exchanges.send(ex, 200, perform(request, actor));
        } catch (Refused r) {
            Exchanges.refuse(ex, r);
        } catch (DriverException e) {
            log.accept("store error: " + e.getClass().getSimpleName() + ": " + e.getMessage());
            ObjectNode o = Json.MAPPER.createObjectNode();
            o.put("error", "the store did not take the action: " + e.getMessage());
            Exchanges.send(ex, 503, o);
        }
    }

    /**
     * The CAP feed: {@code GET /cap/feed.atom} (the latest messages, newest first) and
     * {@code GET /cap/<identifier>.xml} (one document, the bytes as published). Signed in as
     * the actions are: the messages are Restricted by default and carry camera evidence.
     */
    private void cap(HttpExchange ex) throws IOException {
        try {
            if (!"GET".equals(ex.getRequestMethod()) && !"HEAD".equals(ex.getRequestMethod())) {
                ex.getResponseHeaders().set("Allow", "GET, HEAD");
                throw new Refused(405, "the CAP feed is read with GET");
            }
            if (authenticated) {
                logins.operator(Credentials.parseBasic(ex.getRequestHeaders().getFirst("Authorization")));
            }
            String path = ex.getRequestURI().getRawPath();
            if (path.equals("/cap/feed.atom")) {
                Exchanges.sendBytes(ex, 200, AtomFeed.MEDIA_TYPE + "; charset=utf-8", AtomFeed.render(capFeed.latest(capFeed.capacity()),
                        base(ex), clock.instant()));
                return;
            }
            String name = path.substring("/cap/".length());
            if (!name.endsWith(".xml") || name.length() == ".xml".length() || name.indexOf('/') >= 0) {
                throw new Refused(404, "the CAP feed serves /cap/feed.atom and /cap/<identifier>.xml, not " + path);
            }
            String identifier = java.net.URLDecoder.decode(name.substring(0, name.length() - ".xml".length()), StandardCharsets.UTF_8);
            CapMessage m = capFeed.get(identifier)
                    .orElseThrow(() -> new Refused(404, "no CAP message '" + identifier + "' among the latest " + capFeed.capacity()));
            Exchanges.sendBytes(ex, 200, Cap.MEDIA_TYPE + "; charset=utf-8", m.xml());
        } catch (Refused r) {
            Exchanges.refuse(ex, r);
        } catch (IllegalArgumentException e) {
            ObjectNode o = Json.MAPPER.createObjectNode();
            o.put("error", "bad CAP path: " + e.getMessage());
            Exchanges.send(ex, 400, o);
        }
    }

    /** Where the client reached this service, for the feed's links: its Host header when well-formed, else the bound address. */
    private URI base(HttpExchange ex) {
        String host = ex.getRequestHeaders().getFirst("Host");
        if (host != null && host.matches("[A-Za-z0-9.\\-]+(:\\d{1,5})?|\\[[0-9A-Fa-f:.]+\\](:\\d{1,5})?")) {
            return URI.create(address.getScheme() + "://" + host);
        }
        return address;
    }

    /** The desk page's sign-in: the store checks the password; without authentication anyone signs in as an operator. */
    private Sessions.Role signIn(String account, String password) {
        return authenticated ? logins.role(new Credentials(account, password)) : Sessions.Role.OPERATOR;
    }

    private ObjectNode perform(ActionRequest request, String actor) {
        ObjectNode o = Json.MAPPER.createObjectNode();
        java.time.Instant now = clock.instant();
        if (request instanceof ActionRequest.OnAlert a) {
            if (!store.alertExists(a.alertId())) {
                throw new Refused(404, "no alert with id '" + a.alertId() + "'");
            }
            store.act(a, actor, now);
            o.put("alert_id", a.alertId());
            o.put("action", a.kind().id());
            if (a.assignee() != null) {
                o.put("assignee", a.assignee());
            }
            if (a.disposition() != null) {
                o.put("disposition", a.disposition().id());
            }
            if (a.category() != null) {
                o.put("category", a.category());
            }
            log.accept(a.kind().id() + " " + a.alertId() + " by " + actor);
        } else if (request instanceof ActionRequest.NewSilence s) {
            if (!store.zoneExists(s.zone())) {
                throw Refused.badRequest("unknown zone '" + s.zone() + "'");
            }
            UUID id = store.silence(s, actor, now);
            o.put("silence_id", id.toString());
            o.put("zone", s.zone());
            o.put("type", s.type() == null ? null : s.type().id());
            o.put("starts_at", s.startsAt().toString());
            o.put("ends_at", s.endsAt().toString());
            o.put("reason", s.reason());
            log.accept("silence " + id + " of " + s.zone() + " until " + s.endsAt() + " by " + actor);
        } else if (request instanceof ActionRequest.ExpireSilence e) {
            store.expire(e, actor, now);
            o.put("silence_id", e.silenceId().toString());
            o.put("ends_at", now.toString());
            log.accept("silence " + e.silenceId() + " ended by " + actor);
        }
        o.put("actor", actor);
        o.put("at", now.toString());
        if (web != null) {
            web.acted(request, actor);
        }
        return o;
    }

    @Override
    public void close() {
        server.stop(1);
        capReader.close();
        if (web != null) {
            web.close();
        }
        threads.shutdownNow();
        session.close();
    }
}
