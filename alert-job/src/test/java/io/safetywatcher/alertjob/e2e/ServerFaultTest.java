package io.safetywatcher.alertjob.e2e;

import io.safetywatcher.stack.junit.TestHome;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.Row;
import io.safetywatcher.common.config.Topics;
import io.safetywatcher.common.config.WatcherConfig;
import io.safetywatcher.common.event.Alert;
import io.safetywatcher.common.event.AlertState;
import io.safetywatcher.common.event.SensorType;
import io.safetywatcher.stack.CassandraServer;
import io.safetywatcher.stack.Provisioning;
import io.safetywatcher.stack.Stack;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The servers fail under the running job: with a stack of its own and the job as a child
 * process in continuous mode, Cassandra is stopped (SIGTERM) for 30 s while readings flow and
 * started again, then the same for the Kafka broker. The job rides both out: its supervisor
 * restarts failed queries from their checkpoints with back-off, and where a query is stuck for
 * good it exits with status 75, which the test answers as a launcher would, by starting it
 * again on the same checkpoint (any other exit fails the test). Afterwards the raw table holds
 * exactly the readings the broker acknowledged, and each alert event (a gunshot before, during
 * each outage) is on the alert topic once.
 */
@Tag("stack")
class ServerFaultTest {
    private static final long PAUSE_MS = 200;
    private static final int MAX_STEPS = 1800; // event time t0 + step s never gets ahead of the clock by 5 min
    private static final Duration OUTAGE = Duration.ofSeconds(30);

    static WatcherConfig config;
    static Stack stack;

    private volatile int gunshotA = Integer.MAX_VALUE;
    private volatile int gunshotB = Integer.MAX_VALUE;
    private volatile int gunshotC = Integer.MAX_VALUE;

    @BeforeAll
    static void ownStack() throws Exception {
        TestHome.requireIntegrationLane("ServerFaultTest's own stack");
        Path dir = Path.of("target", "server-fault-stack").toAbsolutePath();
        Map<String, String> flags = new LinkedHashMap<>();
        flags.put("watcher.home", TestHome.home().toString());
        flags.put("stack.dir", dir.toString());
        flags.put("cassandra.port", Integer.toString(TestHome.freePort()));
        flags.put("cassandra.storage-port", Integer.toString(TestHome.freePort()));
        flags.put("kafka.port", Integer.toString(TestHome.freePort()));
        flags.put("kafka.controller-port", Integer.toString(TestHome.freePort()));
        flags.put("topics.prefix", "fault.");
        config = WatcherConfig.builder().flags(flags).build();
        stack = Stack.of(config);
        stack.down(l -> { });
        TestHome.delete(dir);
        stack = Stack.of(config);
        stack.up(l -> System.err.println("[fault stack] " + l));
        Provisioning.createTopics(config);
        Provisioning.applySchema(config);
    }

    @AfterAll
    static void down() {
        if (stack != null) {
            // Thrown away (the next run deletes its folder): killed rather than waited for.
            stack.processes().forEach(p -> p.stop(Duration.ZERO));
        }
    }

    @Test
    void cassandraAndKafkaOutagesMidStreamLoseNothingAndDoubleNothing() throws Exception {
        Topics topics = Topics.of(config);
        String ks = config.get("cassandra.keyspace");
        String zone = "fault-square";
        List<ReadingFeed.Series> series = List.of(
                new ReadingFeed.Series("fault-sound", SensorType.SOUND_LEVEL, i -> 58 + (i * 7 % 6)),
                new ReadingFeed.Series("fault-gun-a", SensorType.GUNSHOT, i -> i == gunshotA ? 0.95 : 0.0),
                new ReadingFeed.Series("fault-gun-b", SensorType.GUNSHOT, i -> i == gunshotB ? 0.9 : 0.0),
                new ReadingFeed.Series("fault-gun-c", SensorType.GUNSHOT, i -> i == gunshotC ? 0.85 : 0.0));
        try (CqlSession s = session()) {
            TestCassandra.zone(s, ks, zone, "square", 3);
            for (ReadingFeed.Series x : series) {
                TestCassandra.sensor(s, ks, x.sensorId(), zone, x.type());
            }
        }
        Instant t0 = Instant.now().minus(Duration.ofMinutes(20)).truncatedTo(ChronoUnit.SECONDS);
        List<LocalDate> days = TestCassandra.days(t0, t0.plusSeconds(MAX_STEPS));
        Path dir = Path.of("target", "server-fault").toAbsolutePath();
        TestHome.delete(dir);
        // The producer rides out the broker's outage too: it retries until acknowledged (or 5 min have passed).
        Map<String, Object> patient = Map.of(
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 300_000,
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000,
                ProducerConfig.MAX_BLOCK_MS_CONFIG, 300_000,
                ProducerConfig.RETRIES_CONFIG, Integer.MAX_VALUE,
                ProducerConfig.LINGER_MS_CONFIG, 5);

        try (KafkaProducer<byte[], byte[]> producer = TestKafka.producer(config, patient);
             ChildJob job = new ChildJob(config, dir.resolve("checkpoint"), dir.resolve("job.log"))) {
            ReadingFeed feed = new ReadingFeed(producer, topics.readings(), series, MAX_STEPS, PAUSE_MS, i -> t0.plusSeconds(i));
            try {
                job.start();
                feed.start();
                job.awaitLines(ChildJob::isIngestBatchLine, 1, Duration.ofSeconds(180));
                gunshotA = feed.steps() + 2;
                awaitAlert("fault-gun-a", AlertState.FIRING, Duration.ofSeconds(60), job);

                // Cassandra down for 30 s, readings still flowing into Kafka.
                long t = System.nanoTime();
                assertThat(stack.process("cassandra").stop(Duration.ofSeconds(60))).as("cassandra stopped cleanly").isTrue();
                gunshotB = feed.steps() + 10;
                sleepUntil(t + OUTAGE.toNanos());
                stack.up(l -> System.err.println("[fault stack] " + l));
                int ackedAtCassandraBack = feed.acknowledged.size();
                Duration cassandraRecovery = awaitKept(ackedAtCassandraBack, days, feed, Duration.ofSeconds(180), job);
                System.err.printf("[fault test] Cassandra back; the job had kept the %d readings sent by then %.0f s later%n",
                        ackedAtCassandraBack, cassandraRecovery.toMillis() / 1000.0);

                // Kafka down for 30 s: the producer buffers and retries, the job's sources and alert producer wait or fail.
                t = System.nanoTime();
                assertThat(stack.process("kafka").stop(Duration.ofSeconds(60))).as("kafka stopped cleanly").isTrue();
                gunshotC = feed.steps() + 10;
                sleepUntil(t + OUTAGE.toNanos());
                stack.up(l -> System.err.println("[fault stack] " + l));
                // Enough steps for the last gunshot to resolve and the watermark to pass it.
                feed.stopAt(Math.max(gunshotC + 30 + 30 + 15, feed.steps() + 25));
                feed.awaitDone(Duration.ofMinutes(5));
                int total = feed.attempted.size();
                Duration kafkaRecovery = awaitKept(total, days, feed, Duration.ofSeconds(240), job);
                System.err.printf("[fault test] producer done: %d readings; the job had kept them all %.0f s later%n",
                        total, kafkaRecovery.toMillis() / 1000.0);

                try {
                    assertThat(feed.failed.get()).as("sends that failed (first: %s)", feed.firstFailure.get()).isZero();
                    assertThat(feed.acknowledged).hasSize(total);
                    try (CqlSession s = session()) {
                        List<String> rows = awaitStable(s, ks, zone, feed, days, total, job);
                        assertThat(TestCassandra.duplicates(rows)).as("rows returned twice").isEmpty();
                        assertThat(new HashSet<>(rows)).as("the raw table holds every acknowledged reading, and nothing else")
                                .isEqualTo(feed.acknowledged);
                        assertThat(rows).hasSize(total);

                        List<Alert> events = TestKafka.alerts(config, topics.alerts());
                        Map<String, Long> perEvent = events.stream()
                                .collect(Collectors.groupingBy(a -> a.id() + " " + a.state(), Collectors.counting()));
                        assertThat(perEvent).as("each alert event on the topic exactly once: %s", events)
                                .allSatisfy((event, n) -> assertThat(n).as(event).isEqualTo(1L));
                        assertThat(events).extracting(a -> a.devices().get(0) + " " + a.state()).containsExactlyInAnyOrder(
                                "fault-gun-a FIRING", "fault-gun-a RESOLVED", "fault-gun-b FIRING", "fault-gun-b RESOLVED",
                                "fault-gun-c FIRING", "fault-gun-c RESOLVED");
                        List<Row> stored = TestCassandra.alertsOfZone(s, ks, zone);
                        assertThat(stored).extracting(r -> r.getString("alert_id"))
                                .containsExactlyInAnyOrderElementsOf(events.stream().map(Alert::id).distinct().toList());
                        assertThat(stored).extracting(r -> r.getString("state")).containsOnly(AlertState.RESOLVED.name());

                        assertThat(TestCassandra.quarantined(s, ks, "fault."))
                                .as("readings quarantined although valid and in order").extracting(q -> q.reason() + " " + q.coordinates()).isEmpty();
                    }
                    job.relaunchIfAsked();
                    assertThat(job.alive()).as("the job is running after both outages").isTrue();
                    System.err.printf("[fault test] runs of the job: %d (exits asking for a restart: %s)%n", job.starts(), job.exits);
                } catch (AssertionError e) {
                    throw new AssertionError(e.getMessage() + "\n---- last lines of the job's log " + job.log() + ":\n" + job.tail(80), e);
                }
            } finally {
                feed.stop();
                System.err.println("[fault test] the job's supervisor said:\n  "
                        + String.join("\n  ", job.allLines(l -> l.contains(" alertjob - ") && !l.contains("queries running"))));
            }
        }
    }

    /** Waits until the job has stored an alert event of this gunshot sensor in alerts_by_id. */
    private void awaitAlert(String device, AlertState state, Duration timeout, ChildJob job) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        try (CqlSession s = session()) {
            while (System.nanoTime() < deadline) {
                for (Row r : s.execute("SELECT devices, state FROM " + config.get("cassandra.keyspace") + ".alerts_by_id")) {
                    if (r.getList("devices", String.class).contains(device)) {
                        return;
                    }
                }
                Thread.sleep(500);
            }
        }
        throw new AssertionError("no " + state + " alert of " + device + " within " + timeout.toSeconds() + " s. Last lines of "
                + job.log() + ":\n" + job.tail(60));
    }

    /** Waits until the raw table holds at least {@code count} of the acknowledged readings; returns how long that took. */
    private static Duration awaitKept(int count, List<LocalDate> days, ReadingFeed feed, Duration timeout, ChildJob job)
            throws InterruptedException {
        long t0 = System.nanoTime();
        long deadline = t0 + timeout.toNanos();
        int kept = -1;
        while (System.nanoTime() < deadline) {
            job.relaunchIfAsked();
            try (CqlSession s = session()) {
                kept = TestCassandra.readingRows(s, config.get("cassandra.keyspace"), feed.sensorIds(), days).size();
                if (kept >= count) {
                    return Duration.ofNanos(System.nanoTime() - t0);
                }
            } catch (RuntimeException e) {
                // Cassandra still coming up for the test's own session: try again
            }
            Thread.sleep(1000);
        }
        throw new AssertionError("the job had kept " + kept + " of " + count + " readings after " + timeout.toSeconds()
                + " s (threads: " + job.threadDump() + "). Last lines of " + job.log() + ":\n" + job.tail(80));
    }

    private static List<String> awaitStable(CqlSession s, String ks, String zone, ReadingFeed feed, List<LocalDate> days, int total,
                                            ChildJob job) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        String last = null;
        int same = 0;
        List<String> rows = List.of();
        while (System.nanoTime() < deadline) {
            job.relaunchIfAsked();
            rows = TestCassandra.readingRows(s, ks, feed.sensorIds(), days);
            List<String> alerts = new ArrayList<>();
            for (Row r : TestCassandra.alertsOfZone(s, ks, zone)) {
                alerts.add(r.getString("alert_id") + " " + r.getString("state"));
            }
            alerts.sort(null);
            String snapshot = rows.size() + " " + alerts;
            boolean done = rows.size() >= total && alerts.size() == 3 && alerts.stream().allMatch(a -> a.endsWith(" RESOLVED"));
            same = snapshot.equals(last) ? same + 1 : 0;
            last = snapshot;
            if (done && same >= 3) {
                return rows;
            }
            Thread.sleep(1000);
        }
        System.err.println("[fault test] not stable within 120 s; last: " + last);
        return rows;
    }

    private static CqlSession session() {
        return CassandraServer.openSession(config.get("cassandra.host"), config.getPort("cassandra.port"), config.get("cassandra.datacenter"),
                Duration.ofSeconds(20));
    }

    private static void sleepUntil(long nanoTime) throws InterruptedException {
        long left = nanoTime - System.nanoTime();
        if (left > 0) {
            Thread.sleep(left / 1_000_000);
        }
    }
}
