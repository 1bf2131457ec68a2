package io.safetywatcher.cli;

import io.safetywatcher.store.registry.RegistryTable;
import io.safetywatcher.store.registry.Zone;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.Row;
import io.safetywatcher.stack.junit.StackEndpoints;
import io.safetywatcher.stack.junit.StackTest;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code ./watcher demo --quick} on the test stack, with the real alert job (a child JVM the
 * launcher starts from alert-job/target) and the real simulator, under an operator's silence of
 * gunshots in central-station. One Spark run answers both questions: the demo passes (every
 * scripted alert type fires, the gunshot through the riverside-park one), and the silenced zone's
 * gunshot, two incidents earlier on the same timeline, never fires while the other zone's does.
 */
@StackTest
class DemoTest {
    static final Path DIR = Path.of("target", "demo-test").toAbsolutePath();

    @Test
    void quickDemoPassesAndTheJobHonoursASilence(StackEndpoints stack) {
        // The simulator replays the last 4 minutes of event time, so the silence starts before them.
        Cli.Result s = Cli.run(stack, "alerts", "silence", "--zone", "central-station", "--type", "gunshot", "--from", "10m", "--for", "20m",
                "--reason", "test: fireworks");
        if (s.code() == 2 && s.err().contains("unknown zone")) {
            // The registry is the simulator's to write; the test only needs the zone row to exist.
            try (CqlSession session = stack.openSession()) {
                new RegistryTable(session, stack.keyspace()).write(new Zone("central-station", "Central Station concourse", null, null, null,
                        null, null, null, null, null, null, null));
            }
            s = Cli.run(stack, "alerts", "silence", "--zone", "central-station", "--type", "gunshot", "--from", "10m", "--for", "20m",
                    "--reason", "test: fireworks");
        }
        assertThat(s.code()).as(s.toString()).isZero();
        Instant before = Instant.now();
        try {
            Cli.Result r = demo(stack);
            assertThat(r.code()).as(r.toString()).isZero();
            assertThat(r.out()).contains("Every scripted incident raised its alert: glass-break, gunshot, panic.");
            assertThat(r.out()).containsPattern("FIRING\\s+\\S+\\s+gunshot\\s+riverside-park");
            assertThat(r.out()).doesNotContainPattern("FIRING\\s+\\S+\\s+gunshot\\s+central-station");
            // Then the analytics over the backfilled history: its run line, the hotspots it ranked, its report.
            assertThat(r.out()).contains("the analytics job over the stored history", "analytics run ", "alerts_per_1000m2_day",
                    "old-market");
            assertThat(DIR.resolve("report").resolve("report.html")).isRegularFile();
            // The stored alerts agree, whatever the demo stopped reading after (it stops once every type came).
            assertThat(gunshots(stack, "riverside-park", before)).isNotEmpty();
            assertThat(gunshots(stack, "central-station", before)).isEmpty();
        } finally {
            try (CqlSession session = stack.openSession()) {
                String ks = stack.keyspace();
                session.execute(session.prepare("DELETE FROM " + ks + ".silences_by_zone WHERE zone_id = ?").bind("central-station"));
                session.execute("TRUNCATE " + ks + ".silences");
            }
        }
    }

    /** Gunshot alerts of a zone that started in the simulated window of this run (the 4 minutes before it). */
    static List<String> gunshots(StackEndpoints stack, String zone, Instant runStart) {
        List<String> ids = new ArrayList<>();
        try (CqlSession session = stack.openSession()) {
            var ps = session.prepare("SELECT alert_id, type, started_at FROM " + stack.keyspace() + ".alerts_by_zone_day WHERE zone_id = ? AND day = ?");
            LocalDate today = runStart.atZone(ZoneOffset.UTC).toLocalDate();
            for (LocalDate d : List.of(today.minusDays(1), today, today.plusDays(1))) {
                for (Row r : session.execute(ps.bind(zone, d))) {
                    if ("gunshot".equals(r.getString("type")) && r.getInstant("started_at").isAfter(runStart.minusSeconds(600))) {
                        ids.add(r.getString("alert_id"));
                    }
                }
            }
        }
        return ids;
    }

    /** Runs the demo, its stdout copied into the returned text and still shown in the test log. */
    static Cli.Result demo(StackEndpoints stack) {
        PrintStream original = System.out;
        ByteArrayOutputStream copy = new ByteArrayOutputStream();
        System.setOut(new PrintStream(new TeeStream(original, copy), true, StandardCharsets.UTF_8));
        try {
            Cli.Result r = Cli.run(stack, "demo", "--quick", "--use-running-stack", "--dir", DIR.toString());
            return new Cli.Result(r.code(), copy.toString(StandardCharsets.UTF_8) + r.out(), r.err());
        } finally {
            System.setOut(original);
        }
    }

    /** Writes to two streams. */
    static final class TeeStream extends OutputStream {
        private final OutputStream a;
        private final OutputStream b;

        TeeStream(OutputStream a, OutputStream b) {
            this.a = a;
            this.b = b;
        }

        @Override
        public void write(int c) throws java.io.IOException {
            a.write(c);
            b.write(c);
        }

        @Override
        public void write(byte[] buf, int off, int len) throws java.io.IOException {
            a.write(buf, off, len);
            b.write(buf, off, len);
        }

        @Override
        public void flush() throws java.io.IOException {
            a.flush();
            b.flush();
        }
    }
}
