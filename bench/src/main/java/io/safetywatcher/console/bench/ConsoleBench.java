package io.safetywatcher.console.bench;

import com.datastax.oss.driver.api.core.CqlSession;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.safetywatcher.bench.Percentiles;
import io.safetywatcher.common.codec.AlertCodec;
import io.safetywatcher.common.codec.Json;
import io.safetywatcher.common.config.Topics;
import io.safetywatcher.common.config.WatcherConfig;
import io.safetywatcher.common.event.Alert;
import io.safetywatcher.common.event.AlertState;
import io.safetywatcher.common.event.AlertType;
import io.safetywatcher.common.event.Severity;
import io.safetywatcher.common.security.KafkaAccess;
import io.safetywatcher.console.ActionService;
import io.safetywatcher.cql.CqlSessions;
import io.safetywatcher.shell.ConfigOptions;
import io.safetywatcher.shell.FormatOption;
import io.safetywatcher.shell.Program;
import io.safetywatcher.store.alerts.AlertTables;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@code ./watcher bench console}: the desk console's targets "the page stays responsive with
 * 10,000 alerts in the store and 50 alert events per second arriving" and "an alert is in the
 * page within a second of reaching the topic", from the server's side. Writes {@code --alerts}
 * alerts into the store, starts the console program in this JVM on a free port (its list filled
 * from the store), then publishes {@code --rate} alert events a second for {@code --duration}
 * (new alerts and updates of stored ones) while a live-stream client (the page's own server-sent
 * events) measures the time from each record's append to its push, and a second client asks for
 * the first 500 rows of the list, as the page does on a reload, every half second. What the
 * browser itself does with the pushes (drawing) is not measured here.
 */
@Command(name = "bench console", mixinStandardHelpOptions = true,
        description = "The desk console under load: alerts in the store, alert events a second, push delay and list time.")
public final class ConsoleBench implements Callable<Integer> {
    @Mixin
    ConfigOptions configOptions;

    @Mixin
    FormatOption format;

    @Option(names = "--alerts", defaultValue = "10000", description = "Alerts written into the store first (default ${DEFAULT-VALUE}).")
    int alerts;

    @Option(names = "--rate", defaultValue = "50", description = "Alert events per second during the run (default ${DEFAULT-VALUE}).")
    int rate;

    @Option(names = "--duration", defaultValue = "60", description = "Seconds of load (default ${DEFAULT-VALUE}).")
    int seconds;

    @Override
    public Integer call() throws Exception {
        if (alerts < 1 || alerts > 100_000 || rate < 1 || rate > 1000 || seconds < 5 || seconds > 3600) {
            throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this),
                    "--alerts must be 1..100000, --rate 1..1000 and --duration 5..3600 seconds");
        }
        WatcherConfig base = configOptions.load();
        String run = Long.toString(System.currentTimeMillis(), 36);
        String zone = "bench-console-" + run;
        Instant now = Instant.now();
        List<Alert> stored = new ArrayList<>();
        Random random = new Random(7);
        AlertType[] types = AlertType.values();
        Severity[] severities = Severity.values();
        for (int i = 0; i < alerts; i++) {
            Instant t = now.minusSeconds(60L + random.nextInt(6 * 3600));
            stored.add(new Alert(zone + "-s" + i, "fp-" + zone + "-s" + i, types[random.nextInt(types.length)], severities[random.nextInt(severities.length)],
                    random.nextInt(4) == 0 ? AlertState.RESOLVED : AlertState.FIRING, zone + "-" + random.nextInt(12), List.of("bench-device"), t, t,
                    null, 0.5, "bench alert " + i, List.of(), "bench"));
        }
        long t0 = System.nanoTime();
        try (CqlSession s = CqlSessions.builder(base).withKeyspace(base.get("cassandra.keyspace")).build()) {
            AlertTables table = new AlertTables(s, base.get("cassandra.keyspace"));
            Semaphore inFlight = new Semaphore(128);
            List<CompletableFuture<?>> writes = new ArrayList<>();
            for (Alert a : stored) {
                inFlight.acquire();
                writes.add(s.executeAsync(table.write(a, 0L)).toCompletableFuture().whenComplete((r, e) -> inFlight.release()));
            }
            CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new)).join();
        }
        double storeSeconds = (System.nanoTime() - t0) / 1e9;
        System.err.printf("bench console: %,d alerts written in %.1f s%n", alerts, storeSeconds);

        WatcherConfig config = base.with("console.port", Integer.toString(freePort()), "bench").with("console.board.history", "7h", "bench");
        long s0 = System.nanoTime();
        try (ActionService service = ActionService.start(config, line -> System.err.println("bench console: [console] " + line));
             KafkaProducer<byte[], byte[]> producer = producer(config)) {
            double startSeconds = (System.nanoTime() - s0) / 1e9;
            URI address = service.address();
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            HttpResponse<String> signedIn = ok(http.send(HttpRequest.newBuilder(address.resolve("/api/session")).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"account\":\"bench\",\"password\":\"\"}")).build(), HttpResponse.BodyHandlers.ofString()));
            // The session cookie, sent as the page's browser sends it.
            String cookie = signedIn.headers().firstValue("Set-Cookie").orElseThrow().split(";", 2)[0];
            int listed = Json.MAPPER.readTree(ok(http.send(HttpRequest.newBuilder(address.resolve("/api/alerts?state=&limit=1")).header("Cookie", cookie).build(),
                    HttpResponse.BodyHandlers.ofString())).body()).get("total").asInt();

            Map<String, Long> sentAt = new ConcurrentHashMap<>();
            List<Double> pushMs = java.util.Collections.synchronizedList(new ArrayList<>());
            AtomicBoolean done = new AtomicBoolean();
            Thread listener = new Thread(() -> listen(http, address, cookie, sentAt, pushMs, done), "bench-sse");
            listener.setDaemon(true);
            listener.start();
            List<Double> listMs = java.util.Collections.synchronizedList(new ArrayList<>());
            Thread poller = new Thread(() -> {
                while (!done.get()) {
                    long a = System.nanoTime();
                    try {
                        ok(http.send(HttpRequest.newBuilder(address.resolve("/api/alerts?limit=500")).header("Cookie", cookie).build(),
                                HttpResponse.BodyHandlers.ofString()));
                        listMs.add((System.nanoTime() - a) / 1e6);
                        Thread.sleep(500);
                    } catch (Exception e) {
                        return;
                    }
                }
            }, "bench-list");
            poller.setDaemon(true);
            poller.start();
            Thread.sleep(1000);

            String topic = Topics.of(config).alerts();
            int events = rate * seconds;
            long gapNanos = 1_000_000_000L / rate;
            long next = System.nanoTime();
            for (int i = 0; i < events; i++) {
                next += gapNanos;
                long wait = next - System.nanoTime();
                if (wait > 0) {
                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                }
                Instant t = Instant.now();
                Alert a;
                if (i % 2 == 0) {
                    a = new Alert(zone + "-n" + i, "fp-" + zone + "-n" + i, AlertType.GUNSHOT, Severity.CRITICAL, AlertState.FIRING, zone + "-live",
                            List.of("bench-device"), t, t, null, 0.9, "bench live alert " + i, List.of(), "bench");
                } else {
                    Alert old = stored.get(random.nextInt(stored.size()));
                    a = new Alert(old.id(), old.fingerprint(), old.type(), old.severity(), AlertState.UPDATED, old.zone(), old.devices(), old.startedAt(),
                            t, null, old.score(), old.summary() + " (updated)", List.of(), "bench");
                }
                String key = a.id() + "@" + a.updatedAt();
                producer.send(new ProducerRecord<>(topic, a.fingerprint().getBytes(StandardCharsets.UTF_8), AlertCodec.encode(a)),
                        (m, e) -> { if (m != null) sentAt.put(key, m.timestamp()); });
            }
            producer.flush();
            long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
            while (pushMs.size() < events && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            done.set(true);
            double[] push = pushMs.stream().mapToDouble(Double::doubleValue).toArray();
            double[] list = listMs.stream().mapToDouble(Double::doubleValue).toArray();
            ObjectNode o = Json.MAPPER.createObjectNode();
            o.put("alerts_in_store", alerts);
            o.put("alerts_in_list_at_start", listed);
            o.put("store_write_s", Math.round(storeSeconds * 10) / 10.0);
            o.put("console_start_s", Math.round(startSeconds * 10) / 10.0);
            o.put("events_per_s", rate);
            o.put("events", events);
            o.put("pushed", push.length);
            o.put("push_ms", Percentiles.stats(push));
            o.put("list_500_ms", Percentiles.stats(list));
            o.put("heap_used_mb", (Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory()) >> 20);
            if (format.json()) {
                System.out.println(o.toPrettyString());
            } else {
                System.out.printf("console bench: %,d alerts in the store (%,d in the list at start, console up in %.1f s)%n", alerts, listed, startSeconds);
                System.out.printf("  %d events at %d/s: %d pushed to the live stream; append -> push: %s%n", events, rate, push.length, Percentiles.stats(push));
                System.out.printf("  first 500 rows of the list, every 0.5 s meanwhile: %s%n", Percentiles.stats(list));
            }
            return push.length >= events ? 0 : 1;
        }
    }

    /** The page's live stream, read as the browser's EventSource does; each alert event's delay from its append. */
    private static void listen(HttpClient http, URI address, String cookie, Map<String, Long> sentAt, List<Double> pushMs, AtomicBoolean done) {
        try {
            HttpResponse<java.io.InputStream> r = http.send(HttpRequest.newBuilder(address.resolve("/api/alerts/stream")).header("Cookie", cookie).build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            try (BufferedReader in = new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8))) {
                for (String line; !done.get() && (line = in.readLine()) != null; ) {
                    if (line.startsWith("data: {")) {
                        long now = System.currentTimeMillis();
                        var row = Json.MAPPER.readTree(line.substring("data: ".length()));
                        String key = row.get("id").asText() + "@" + Instant.parse(row.get("updated_at").asText());
                        Long sent = null;
                        for (int i = 0; i < 50 && (sent = sentAt.get(key)) == null; i++) {
                            Thread.sleep(2); // the send callback may land just after the push
                        }
                        if (sent != null) {
                            pushMs.add((double) (now - sent));
                        }
                    }
                }
            }
        } catch (Exception e) {
            if (!done.get()) {
                System.err.println("bench console: the live stream ended: " + e);
            }
        }
    }

    /** The answer, or what the console said instead (e.g. a secure stack's sign-in: the bench signs in without a password). */
    private static HttpResponse<String> ok(HttpResponse<String> r) {
        if (r.statusCode() != 200) {
            throw new IllegalStateException(r.request().uri().getPath() + " answered " + r.statusCode() + ": " + r.body());
        }
        return r;
    }

    private static int freePort() throws java.io.IOException {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static KafkaProducer<byte[], byte[]> producer(WatcherConfig config) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, config.get("kafka.bootstrap"));
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        return new KafkaProducer<>(KafkaAccess.of(config).applyTo(p), new ByteArraySerializer(), new ByteArraySerializer());
    }

    public static void main(String[] args) {
        Program.exit(new ConsoleBench(), args);
    }
}
