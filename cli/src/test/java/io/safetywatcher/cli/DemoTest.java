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
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code ./watcher demo --quick} on the test stack, with the real alert job (a child JVM the
 * launcher starts from alert-job/target) and the real simulator, under an operator's silence of
 * gunshots in central-station. One Spark run answers both questions: the demo passes (every
 * scripted alert type fires, the gunshot through the riverside-park one), and the silenced zone's
 * gunshot, two incidents earlier on the same timeline, never fires while the other zone's does.
 * The terminal output is checked too: the desk console's address first, one line per alert, and
 * none of the alerts raised from the backfilled hour shown as live.
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
            // The backfilled hour ends where the timeline starts: no sensor falls silent at the seam.
            assertThat(r.out()).doesNotContainPattern("FIRING\\s+\\S+\\s+sensor-silent");
            deskConsoleFirst(stack, r.out());
            List<String> shown = oneLinePerAlert(r.out());
            noHistoryShownAsLive(stack, r.out(), shown);
            // Then the analytics over the backfilled history: its run line, the hotspots it ranked, its report.
            assertThat(r.out()).contains("the analytics job over the stored history", "analytics run ", "alerts_per_1000m2_day",
                    "old-market");
            assertThat(DIR.resolve("report").resolve("report.html")).isRegularFile();
            // The stored alerts agree, whatever the demo stopped reading after (it stops once every type came).
            assertThat(gunshots(stack, "riverside-park", before)).isNotEmpty();
            assertThat(gunshots(stack, "central-station", before)).isEmpty();
            // Random draws inject no device fault: a silence that began while the backfill or the
            // simulator still ran is a false one. The history's are told by the demo's own feed (the
            // stored alerts of that hour may be other tests'): a backfill's partitions arrive in
            // uneven stretches, and a zone's clock let past one of them took every device on it
            // for silent. Once the timeline ends every device does fall silent, and the job, still
            // running for the analytics step's catch-up, may rightly say so: those start after its end.
            Matcher history = Pattern.compile("(?m)^  History: \\d+ alerts raised from the backfilled 1 h \\(.*").matcher(r.out());
            assertThat(history.find()).as(r.out()).isTrue();
            assertThat(history.group()).doesNotContain("sensor-silent");
            Instant timelineEnd = timelineEnd(r.out());
            for (String zone : List.of("central-station", "old-market", "riverside-park", "stadium-north-gate", "elm-street", "north-campus")) {
                assertThat(stored(stack, zone, "sensor-silent", before.minusSeconds(600), timelineEnd))
                        .as("sensor-silent in " + zone + " before " + timelineEnd).isEmpty();
            }
        } finally {
            try (CqlSession session = stack.openSession()) {
                String ks = stack.keyspace();
                session.execute(session.prepare("DELETE FROM " + ks + ".silences_by_zone WHERE zone_id = ?").bind("central-station"));
                session.execute("TRUNCATE " + ks + ".silences");
            }
        }
    }

    /** The desk console's address is the first thing said after the stack check, before the alert job starts. */
    static void deskConsoleFirst(StackEndpoints stack, String out) {
        List<String> lines = out.lines().toList();
        int console = indexOf(lines, "  Desk console: ");
        int jobStep = indexOf(lines, "2/6  starting the alert job");
        assertThat(console).as(out).isPositive().isLessThan(jobStep);
        assertThat(lines.subList(indexOf(lines, "1/6  checking the running stack") + 1, console)).allMatch(String::isBlank);
        assertThat(lines.get(console)).isEqualTo("  Desk console: http://" + stack.config().get("console.host") + ":"
                + stack.config().get("console.port") + "/ — open it in a browser; it is the running stack's and stays up after the demo");
        assertThat(out).contains("  open http://" + stack.config().get("console.host") + ":" + stack.config().get("console.port") + "/ ");
    }

    /** One FIRING line per alert id, and the count line agrees with the ids shown; returns the short ids shown. */
    static List<String> oneLinePerAlert(String out) {
        Pattern line = Pattern.compile("(?m)^  \\d\\d:\\d\\d:\\d\\d  (FIRING|SEVERITY|REOPENED|RESOLVED)\\s.*  \\[([0-9a-f]{8})]$");
        List<String> firing = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        Matcher m = line.matcher(out);
        while (m.find()) {
            ids.add(m.group(2));
            if (m.group(1).equals("FIRING")) {
                firing.add(m.group(2));
            }
        }
        assertThat(firing).as(out).isNotEmpty().doesNotHaveDuplicates();
        Matcher count = Pattern.compile("(?m)^  (\\d+) alerts?, (\\d+) events? on the topic").matcher(out);
        assertThat(count.find()).as(out).isTrue();
        assertThat(Integer.parseInt(count.group(1))).isEqualTo(ids.size());
        // The feed carries several events per alert (FIRING, UPDATED..., RESOLVED): the fold is what keeps the lines down.
        assertThat(Integer.parseInt(count.group(2))).isGreaterThanOrEqualTo(ids.size());
        return new ArrayList<>(ids);
    }

    /**
     * The alerts the job raised from the backfilled window (as the demo printed it) exist in the
     * store, and none of them is among the lines shown; the demo says how many it kept back.
     */
    static void noHistoryShownAsLive(StackEndpoints stack, String out, List<String> shown) {
        Instant[] window = historyWindow(out);
        Instant from = window[0];
        Instant to = window[1];
        List<String> history = new ArrayList<>();
        try (CqlSession session = stack.openSession()) {
            for (Row row : session.execute("SELECT alert_id, started_at FROM " + stack.keyspace() + ".alerts_by_id")) {
                Instant started = row.getInstant("started_at");
                if (!started.isBefore(from) && started.isBefore(to)) {
                    history.add(row.getString("alert_id").substring(0, 8));
                }
            }
        }
        // Twelve random incidents an hour in the CI-sized history: some of them raise alerts.
        assertThat(history).as("alerts raised from the backfill").isNotEmpty();
        assertThat(shown).doesNotContainAnyElementsOf(history);
        Matcher said = Pattern.compile("(?m)^  History: (\\d+) alerts raised from the backfilled 1 h .* not shown as live").matcher(out);
        assertThat(said.find()).as(out).isTrue();
        assertThat(Integer.parseInt(said.group(1))).isBetween(1, history.size());
    }

    static int indexOf(List<String> lines, String text) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(text)) {
                return i;
            }
        }
        return -1;
    }

    /** Gunshot alerts of a zone that started in the simulated window of this run (the 4 minutes before it). */
    static List<String> gunshots(StackEndpoints stack, String zone, Instant runStart) {
        return stored(stack, zone, "gunshot", runStart.minusSeconds(600), Instant.MAX);
    }

    /** The end of the simulated timeline: it starts where the backfilled history ends and lasts as long as the demo says. */
    static Instant timelineEnd(String out) {
        Matcher minutes = Pattern.compile("simulating (\\d+) minutes of the city").matcher(out);
        assertThat(minutes.find()).as(out).isTrue();
        return historyWindow(out)[1].plusSeconds(60L * Integer.parseInt(minutes.group(1)));
    }

    /** The backfilled window the demo printed: from, to. */
    static Instant[] historyWindow(String out) {
        Matcher window = Pattern.compile("backfilling 1 h of history before the timeline \\((\\S+) to (\\S+),").matcher(out);
        assertThat(window.find()).as(out).isTrue();
        return new Instant[] {Instant.parse(window.group(1)), Instant.parse(window.group(2))};
    }

    /** The stored alerts of a type in a zone that started after {@code from} and before {@code until}. */
    static List<String> stored(StackEndpoints stack, String zone, String type, Instant from, Instant until) {
        List<String> ids = new ArrayList<>();
        try (CqlSession session = stack.openSession()) {
            var ps = session.prepare("SELECT alert_id, type, started_at FROM " + stack.keyspace() + ".alerts_by_zone_day WHERE zone_id = ? AND day = ?");
            LocalDate today = from.atZone(ZoneOffset.UTC).toLocalDate();
            for (LocalDate d : List.of(today.minusDays(1), today, today.plusDays(1))) {
                for (Row r : session.execute(ps.bind(zone, d))) {
                    Instant started = r.getInstant("started_at");
                    if (type.equals(r.getString("type")) && started.isAfter(from) && started.isBefore(until)) {
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
