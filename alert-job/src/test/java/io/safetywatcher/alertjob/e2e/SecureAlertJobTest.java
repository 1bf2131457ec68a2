package io.safetywatcher.alertjob.e2e;

import com.datastax.oss.driver.api.core.CqlSession;
import io.safetywatcher.common.codec.ReadingCodec;
import io.safetywatcher.common.config.Topics;
import io.safetywatcher.common.config.WatcherConfig;
import io.safetywatcher.common.event.Alert;
import io.safetywatcher.common.event.AlertState;
import io.safetywatcher.common.event.AlertType;
import io.safetywatcher.common.event.Reading;
import io.safetywatcher.common.event.SensorType;
import io.safetywatcher.common.security.CassandraAccess;
import io.safetywatcher.stack.CassandraServer;
import io.safetywatcher.stack.StackRole;
import io.safetywatcher.stack.junit.SecureTestStack;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The alert job on {@code stack up --secure}, each program with its own role: the simulator's
 * role seeds the registry and produces readings, the job (a child JVM, as an operator runs it)
 * connects as watcher_job over TLS to both servers, ingests and raises a gunshot alert; a
 * police desk reads it from the topic, an analyst reads the stored rows. No generated password
 * is in the job's output or the servers' logs.
 */
@Tag("stack")
class SecureAlertJobTest {

    static CqlSession cql(WatcherConfig c) {
        return CassandraServer.openSession(c.get("cassandra.host"), c.getPort("cassandra.port"), c.get("cassandra.datacenter"),
                CassandraAccess.of(c), Duration.ofSeconds(30));
    }

    @Test
    void theJobIngestsAndAlertsWithCredentialsOverTlsAndLogsNoSecret(@TempDir Path tmp) throws Exception {
        try (SecureTestStack stack = SecureTestStack.start("secure-job-stack")) {
            WatcherConfig simulator = stack.as(StackRole.SIMULATOR);
            WatcherConfig job = stack.as(StackRole.JOB).with("job.detect", InProcessJob.engine(), "-Dwatcher.test.detect");
            WatcherConfig desk = stack.as(StackRole.DESK);
            WatcherConfig analyst = stack.as(StackRole.ANALYST);
            Topics topics = Topics.of(job);
            String ks = job.get("cassandra.keyspace");
            String zone = "secure-bank";
            String sensor = zone + "-gun";
            try (CqlSession s = cql(simulator)) {
                TestCassandra.zone(s, ks, zone, "street", 3);
                TestCassandra.sensor(s, ks, sensor, zone, SensorType.GUNSHOT);
            }
            Instant t0 = Instant.now().minus(Duration.ofMinutes(5)).truncatedTo(ChronoUnit.SECONDS);
            ReadingCodec codec = ReadingCodec.standard();
            try (KafkaProducer<byte[], byte[]> p = TestKafka.producer(simulator, Map.of())) {
                for (int t = 0; t < 90; t++) {
                    p.send(TestKafka.record(topics.readings(), sensor,
                            codec.encode(Reading.of(sensor, SensorType.GUNSHOT, t0.plusSeconds(t), t == 30 ? 0.95 : 0.0, t))));
                }
                p.flush();
            }

            try (ChildJob run = new ChildJob(job, tmp.resolve("checkpoint"), tmp.resolve("job.log"))) {
                run.start();
                long deadline = System.nanoTime() + Duration.ofSeconds(240).toNanos();
                List<Alert> alerts = List.of();
                while (alerts.stream().noneMatch(a -> a.type() == AlertType.GUNSHOT && a.state() == AlertState.FIRING)) {
                    assertThat(run.alive()).as("the job is running; its log ends:\n%s", run.tail(60)).isTrue();
                    assertThat(System.nanoTime()).as("a gunshot alert within 240 s; the job's log ends:\n%s", run.tail(60)).isLessThan(deadline);
                    Thread.sleep(2000);
                    alerts = TestKafka.alerts(desk, topics.alerts());
                }
                assertThat(alerts).filteredOn(a -> a.state() == AlertState.FIRING).singleElement()
                        .satisfies(a -> {
                            assertThat(a.zone()).isEqualTo(zone);
                            assertThat(a.updatedAt()).isEqualTo(t0.plusSeconds(30));
                        });
                run.awaitLines(ChildJob::isIngestBatchLine, 1, Duration.ofSeconds(60));
                if (InProcessJob.direct()) {
                    assertThat(run.allLines(l -> l.contains("direct detection running"))).as("detected directly").isNotEmpty();
                }
                assertThat(run.allLines(l -> l.contains("security "))).singleElement().asString()
                        .contains("cassandra as watcher_job, TLS").contains("kafka SASL_SSL SCRAM-SHA-512 as watcher_job");

                try (CqlSession s = cql(analyst)) {
                    assertThat(TestCassandra.alertsOfZone(s, ks, zone)).extracting(r -> r.getString("type")).containsExactly("gunshot");
                    long stored = s.execute("SELECT count(*) FROM " + ks + ".readings_by_sensor_day WHERE sensor_id = ? AND day = ?",
                            sensor, java.time.LocalDate.ofInstant(t0, java.time.ZoneOffset.UTC)).one().getLong(0);
                    assertThat(stored).isPositive();
                }
                run.kill();
                assertThat(stack.linesWithSecrets(run.log())).as("log lines with a generated password").isEmpty();
            }
        }
    }
}
