package io.safetywatcher.simulator;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The command line: wrong flags and wrong files are refused with a precise message (exit 2). */
class MainTest {

    record Outcome(int exit, String err) {}

    static Outcome run(String... args) {
        CommandLine cl = Main.commandLine();
        StringWriter err = new StringWriter();
        cl.setErr(new PrintWriter(err));
        cl.setOut(new PrintWriter(new StringWriter()));
        int exit = cl.execute(args);
        return new Outcome(exit, err.toString());
    }

    @Test
    void badFlagsSayWhatIsWrong() {
        assertThat(run("--bad-rate", "2", "--out", "x")).satisfies(o -> {
            assertThat(o.exit()).isEqualTo(2);
            assertThat(o.err()).contains("--bad-rate 2.0 is outside 0.0..1.0");
        });
        assertThat(run("--backfill", "--from", "2026-10-01", "--out", "x")).satisfies(o -> {
            assertThat(o.exit()).isEqualTo(2);
            assertThat(o.err()).contains("--backfill needs --from and --to");
        });
        assertThat(run("--duration", "10 minutes", "--out", "x")).satisfies(o -> {
            assertThat(o.exit()).isEqualTo(2);
            assertThat(o.err()).contains("--duration").contains("not a duration");
        });
        assertThat(run("--speed", "fast")).satisfies(o -> assertThat(o.exit()).isEqualTo(2));
        assertThat(run("--once", "--out", "x")).satisfies(o -> assertThat(o.err()).contains("--once goes with --every"));
        assertThat(run("--set", "kafka.bootstrp=x", "--out", "x")).satisfies(o -> {
            assertThat(o.exit()).isEqualTo(2);
            assertThat(o.err()).contains("did you mean 'kafka.bootstrap'");
        });
    }

    @Test
    void aBrokenScenarioFileIsRefusedWithLineAndFieldBeforeAnythingIsSent(@TempDir Path dir) throws Exception {
        Path sc = dir.resolve("broken.yaml");
        Files.writeString(sc, """
                start: 2026-11-20T20:00:00Z
                duration: 10m
                incidents:
                  - {type: loitering, zone: riverside-park, at: 2m}
                  - {type: crowd-surge, zone: stadium-gate, at: 5m}
                """);
        Path out = dir.resolve("out");
        Outcome o = run("--scenario", sc.toString(), "--out", out.toString());
        assertThat(o.exit()).isEqualTo(2);
        assertThat(o.err()).contains("broken.yaml line 5, field 'incidents[1].zone': unknown zone 'stadium-gate'");
        assertThat(out).doesNotExist();
    }

    @Test
    void aBackfillCoversExactlyItsRangeFastAndWithoutFrames(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("out");
        Outcome o = run("--backfill", "--from", "2026-10-01", "--to", "2026-10-01T02:00:00Z", "--out", out.toString(),
                "--truth", dir.resolve("truth.jsonl").toString(), "--incident-rate", "3", "--seed", "4");
        assertThat(o.exit()).as(o.err()).isZero();
        assertThat(out.resolve("sw.frames.jsonl")).doesNotExist();
        List<String> readings = Files.readAllLines(out.resolve("sw.readings.jsonl"));
        // Every sensor's every sample instant in [from, to): 6 zones x 8280 samples in 2 h.
        assertThat(readings).hasSize(49_680);
        long from = Instant.parse("2026-10-01T00:00:00Z").toEpochMilli();
        long to = Instant.parse("2026-10-01T02:00:00Z").toEpochMilli();
        for (String line : readings) {
            long ts = Long.parseLong(line.replaceAll(".*\"timestamp\":(\\d+).*", "$1"));
            assertThat(ts).isBetween(from, to - 1);
        }
        List<String> truth = Files.readAllLines(dir.resolve("truth.jsonl"));
        assertThat(truth).isNotEmpty().allSatisfy(l -> assertThat(l).contains("\"kind\":\"incident\""));
    }
}
