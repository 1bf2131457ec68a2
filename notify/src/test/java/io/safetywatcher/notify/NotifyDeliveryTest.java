package io.safetywatcher.notify;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.DefaultConsistencyLevel;
import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.safetywatcher.common.codec.AlertCodec;
import io.safetywatcher.common.codec.Json;
import io.safetywatcher.common.config.Topics;
import io.safetywatcher.common.config.WatcherConfig;
import io.safetywatcher.common.event.Alert;
import io.safetywatcher.common.event.AlertState;
import io.safetywatcher.common.event.AlertType;
import io.safetywatcher.common.event.Severity;
import io.safetywatcher.common.security.KafkaAccess;
import io.safetywatcher.notify.deliver.Signature;
import io.safetywatcher.notify.route.RouteFile;
import io.safetywatcher.stack.junit.StackEndpoints;
import io.safetywatcher.stack.junit.StackTest;
import io.safetywatcher.store.delivery.DeliveryTable;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Properties;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * notify against real local HTTP receivers (the JDK's server) and the real stack: routing picks
 * the receivers, the HMAC header verifies, a receiver answering 500 is retried then dead-lettered,
 * one down for a minute gets everything once back in order per alert, and a restart loses nothing
 * and re-sends nothing acknowledged.
 */
@StackTest
class NotifyDeliveryTest {
    static StackEndpoints stack;
    static String topic;
    final List<Notifier> running = new ArrayList<>();
    final List<HttpServer> servers = new ArrayList<>();

    /** A receiver: what it got, in order; answers {@code status}. */
    static final class Hook {
        final List<JsonNode> bodies = Collections.synchronizedList(new ArrayList<>());
        final List<Boolean> signed = Collections.synchronizedList(new ArrayList<>());
        volatile int status = 200;
        volatile int requests;
        String secret = "";

        List<String> events() {
            List<String> out = new ArrayList<>();
            synchronized (bodies) {
                for (JsonNode b : bodies) {
                    b.get("alerts").forEach(a -> out.add(a.get("id").asText() + ":" + a.get("state").asText() + ":" + a.get("severity").asText()));
                }
            }
            return out;
        }
    }

    @BeforeAll
    static void stack(StackEndpoints endpoints) {
        stack = endpoints;
        topic = Topics.of(endpoints.config()).alerts();
    }

    @AfterEach
    void stop() throws Exception {
        for (Notifier n : running) {
            n.close();
        }
        servers.forEach(s -> s.stop(0));
    }

    HttpServer serve(Hook hook, int port) throws Exception {
        HttpServer s = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        s.createContext("/hook", ex -> {
            byte[] body = ex.getRequestBody().readAllBytes();
            hook.requests++;
            int status = hook.status;
            if (status / 100 == 2) {
                hook.bodies.add(Json.MAPPER.readTree(body));
                hook.signed.add(Signature.verify(hook.secret, body, ex.getRequestHeaders().getFirst(Signature.HEADER)));
            }
            ex.sendResponseHeaders(status, -1);
            ex.close();
        });
        s.start();
        servers.add(s);
        return s;
    }

    Notifier notifier(String routes, String group) throws Exception {
        WatcherConfig c = stack.config().with("notify.group", "watcher-test-" + group, "test");
        Notifier n = new Notifier(c, RouteFile.parse("routes.yaml", routes), line -> System.out.println("[notify] " + line),
                line -> System.out.println("[notify warning] " + line)).start();
        running.add(n);
        assertThat(n.awaitAssigned(Duration.ofSeconds(60))).isTrue();
        return n;
    }

    static String tag() { return Long.toString(System.nanoTime() % 10_000_000, 36); }

    static Alert alert(String id, AlertType type, Severity severity, AlertState state, String zone, int step) {
        Instant started = Instant.parse("2026-11-20T20:00:00Z");
        return new Alert(id, "fp-" + id, type, severity, state, zone, List.of("d1"), started, started.plusSeconds(step),
                state == AlertState.RESOLVED ? started.plusSeconds(step) : null, 0.8, type.id() + " in " + zone, List.of(), "test-1");
    }

    /** Publishes each alert in its own transaction, as the alert job does. */
    static void publish(String tag, Alert... alerts) throws Exception {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.config().get("kafka.bootstrap"));
        p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "safety-watcher-test-notify-" + tag + "-" + System.nanoTime());
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(KafkaAccess.of(stack.config()).applyTo(p),
                new ByteArraySerializer(), new ByteArraySerializer())) {
            producer.initTransactions();
            for (Alert a : alerts) {
                producer.beginTransaction();
                producer.send(new ProducerRecord<>(topic, a.fingerprint().getBytes(), AlertCodec.encode(a))).get();
                producer.commitTransaction();
            }
        }
    }

    static void await(String what, Duration timeout, BooleanSupplier done) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!done.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waited %s for %s", timeout, what).isLessThan(deadline);
            Thread.sleep(50);
        }
    }

    static String routes(String zone, int deskPort, String deskSecret, int crowdPort, String crowdExtra) {
        return """
                receivers:
                  - name: journal
                    log: {}
                  - name: desk
                    webhook: {url: 'http://127.0.0.1:%d/hook', %s timeout: 2s, max_attempts: 200, backoff: {base: 100ms, max: 1s}}
                  - name: crowd
                    webhook: {url: 'http://127.0.0.1:%d/hook', timeout: 2s, %s}
                route:
                  receiver: journal
                  group_by: ['...']
                  group_wait: 0s
                  group_interval: 200ms
                  routes:
                    - match: {zone: %s, severity_at_least: critical}
                      receiver: desk
                      continue: true
                    - match: {zone: %s, category: crowd-risk}
                      receiver: crowd
                """.formatted(deskPort, deskSecret.isEmpty() ? "" : "secret: '" + deskSecret + "',", crowdPort, crowdExtra, zone, zone);
    }

    static List<DeliveryTable.Delivery> history(String receiver, String alertId) {
        try (CqlSession s = stack.openSession()) {
            return new DeliveryTable(s, stack.keyspace(), DefaultConsistencyLevel.ONE, DefaultConsistencyLevel.ONE).history(receiver, alertId);
        }
    }

    @Test
    void routingPicksTheReceiversAndTheSignatureVerifies() throws Exception {
        String t = tag();
        String zone = "z" + t;
        Hook desk = new Hook();
        desk.secret = "desk-secret-" + t;
        Hook crowd = new Hook();
        int deskPort = serve(desk, 0).getAddress().getPort();
        int crowdPort = serve(crowd, 0).getAddress().getPort();
        notifier(routes(zone, deskPort, desk.secret, crowdPort, "max_attempts: 5"), "routing-" + t);

        publish(t, alert(t + "-gun", AlertType.GUNSHOT, Severity.CRITICAL, AlertState.FIRING, zone, 0),
                alert(t + "-surge", AlertType.CROWD_SURGE, Severity.CRITICAL, AlertState.FIRING, zone, 0),
                alert(t + "-dense", AlertType.CROWD_DENSITY, Severity.MEDIUM, AlertState.FIRING, zone, 0),
                alert(t + "-noise", AlertType.NOISE, Severity.LOW, AlertState.FIRING, zone, 0),
                alert(t + "-elsewhere", AlertType.GUNSHOT, Severity.CRITICAL, AlertState.FIRING, "other" + t, 0));

        await("desk and crowd", Duration.ofSeconds(30), () -> desk.events().size() >= 2 && crowd.events().size() >= 2);
        Thread.sleep(1000); // anything wrongly routed would arrive meanwhile
        assertThat(desk.events()).containsExactlyInAnyOrder(t + "-gun:FIRING:critical", t + "-surge:FIRING:critical");
        assertThat(crowd.events()).containsExactlyInAnyOrder(t + "-surge:FIRING:critical", t + "-dense:FIRING:medium");
        assertThat(desk.signed).as("HMAC-SHA256 over the body with the desk's secret").containsOnly(true);
        assertThat(history("journal", t + "-noise")).extracting(DeliveryTable.Delivery::outcome).containsExactly(DeliveryTable.Outcome.LOGGED);
        assertThat(history("desk", t + "-gun")).extracting(DeliveryTable.Delivery::outcome).containsExactly(DeliveryTable.Outcome.ACKED);
    }

    @Test
    void aReceiverAnswering500IsRetriedThenDeadLettered() throws Exception {
        String t = tag();
        String zone = "z" + t;
        Hook desk = new Hook();
        Hook crowd = new Hook();
        crowd.status = 500;
        int deskPort = serve(desk, 0).getAddress().getPort();
        int crowdPort = serve(crowd, 0).getAddress().getPort();
        notifier(routes(zone, deskPort, "", crowdPort, "max_attempts: 3, backoff: {base: 50ms, max: 200ms}"), "dead-" + t);

        publish(t, alert(t + "-dense", AlertType.CROWD_DENSITY, Severity.HIGH, AlertState.FIRING, zone, 0));
        await("the dead letter", Duration.ofSeconds(30),
                () -> history("crowd", t + "-dense").stream().anyMatch(d -> d.outcome() == DeliveryTable.Outcome.DEAD));
        List<DeliveryTable.Delivery> h = history("crowd", t + "-dense");
        assertThat(h).extracting(DeliveryTable.Delivery::attempt).containsExactly(1, 2, 3);
        assertThat(h).extracting(DeliveryTable.Delivery::outcome)
                .containsExactly(DeliveryTable.Outcome.RETRY, DeliveryTable.Outcome.RETRY, DeliveryTable.Outcome.DEAD);
        assertThat(h).extracting(DeliveryTable.Delivery::statusCode).containsOnly(500);
        Thread.sleep(1000);
        assertThat(crowd.requests).as("no attempt after the last").isEqualTo(3);
    }

    @Test
    void aReceiverDownForAMinuteGetsEverythingInOrderAndARestartLosesNothingAndRepeatsNothingAcknowledged() throws Exception {
        String t = tag();
        String zone = "z" + t;
        Hook desk = new Hook();
        Hook crowd = new Hook();
        HttpServer deskServer = serve(desk, 0);
        int deskPort = deskServer.getAddress().getPort();
        int crowdPort = serve(crowd, 0).getAddress().getPort();
        String routes = routes(zone, deskPort, "", crowdPort, "max_attempts: 5");
        String group = "outage-" + t;
        Notifier first = notifier(routes, group);

        // Acknowledged before the stop: must not come again after the restart.
        publish(t, alert(t + "-a", AlertType.GUNSHOT, Severity.CRITICAL, AlertState.FIRING, zone, 0));
        await("the first event", Duration.ofSeconds(30), () -> desk.events().size() == 1);

        deskServer.stop(0);
        Instant down = Instant.now();
        publish(t, alert(t + "-a", AlertType.GUNSHOT, Severity.CRITICAL, AlertState.UPDATED, zone, 1),
                alert(t + "-b", AlertType.PANIC, Severity.CRITICAL, AlertState.FIRING, zone, 1),
                alert(t + "-a", AlertType.GUNSHOT, Severity.CRITICAL, AlertState.RESOLVED, zone, 2));
        Thread.sleep(20_000);
        // notify is stopped in the middle of its retries and started again.
        first.close();
        running.remove(first);
        notifier(routes, group);
        publish(t, alert(t + "-b", AlertType.PANIC, Severity.CRITICAL, AlertState.RESOLVED, zone, 3));
        Thread.sleep(Math.max(0, Duration.ofMinutes(1).minus(Duration.between(down, Instant.now())).toMillis()));
        assertThat(desk.events()).as("nothing while down").hasSize(1);
        serve(desk, deskPort); // back, on the same port

        List<String> expected = List.of(t + "-a:FIRING:critical", t + "-a:UPDATED:critical", t + "-a:RESOLVED:critical",
                t + "-b:FIRING:critical", t + "-b:RESOLVED:critical");
        await("everything after the outage", Duration.ofSeconds(30), () -> desk.events().size() >= expected.size());
        Thread.sleep(1500); // a duplicate would arrive meanwhile
        List<String> got = desk.events();
        assertThat(got).as("each event exactly once").containsExactlyInAnyOrderElementsOf(expected);
        assertThat(got.stream().filter(e -> e.startsWith(t + "-a:")).toList()).as("in order per alert")
                .containsExactly(t + "-a:FIRING:critical", t + "-a:UPDATED:critical", t + "-a:RESOLVED:critical");
        assertThat(got.stream().filter(e -> e.startsWith(t + "-b:")).toList())
                .containsExactly(t + "-b:FIRING:critical", t + "-b:RESOLVED:critical");
    }
}
