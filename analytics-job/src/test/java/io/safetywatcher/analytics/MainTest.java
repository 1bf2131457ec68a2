package io.safetywatcher.analytics;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;

import static org.assertj.core.api.Assertions.assertThat;

/** Wrong flags are refused with exit status 2 and a message naming what is wrong, before Spark starts. */
class MainTest {
    record Outcome(int code, String err) {}

    static Outcome run(String... args) {
        CommandLine cl = Main.commandLine();
        StringWriter err = new StringWriter();
        cl.setErr(new PrintWriter(err));
        cl.setOut(new PrintWriter(new StringWriter()));
        return new Outcome(cl.execute(args), err.toString());
    }

    @Test
    void wrongFlagsExitWithTwoAndSayWhy() {
        assertThat(run("--from", "2026-13-01")).satisfies(o -> {
            assertThat(o.code()).isEqualTo(2);
            assertThat(o.err()).contains("--from '2026-13-01' is not a date");
        });
        assertThat(run("--from", "2026-10-05", "--to", "2026-10-01").err()).contains("--to (2026-10-01) is before --from (2026-10-05)");
        assertThat(run("--once").err()).contains("--once goes with --every");
        assertThat(run("--every", "10s").err()).contains("too short");
        assertThat(run("--every", "soon").err()).contains("--every");
        assertThat(run("--format", "xml").err()).contains("--format must be text or json");
        assertThat(run("--set", "analytics.days=0").err()).contains("analytics.days must be at least 1");
        assertThat(run("--set", "analytics.dayz=3").code()).isEqualTo(2);
        assertThat(run("--bogus").code()).isEqualTo(2);
    }

    @Test
    void trainRiskRefusesARangeItCannotSplit(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        assertThat(run("train-risk").err()).contains("--from DAY --to DAY");
        Outcome oneDay = run("train-risk", "--from", "2026-11-20", "--to", "2026-11-20");
        assertThat(oneDay.code()).isEqualTo(2);
        assertThat(oneDay.err()).contains("has 1 day; training needs at least 2");
        assertThat(run("train-risk", "--from", "2026-11-20", "--to", "2026-11-21", "--holdout-days", "2").err())
                .contains("leaves no day").contains("to train on");
        Outcome noFile = run("train-risk", "--from", "2026-11-20", "--to", "2026-11-21", "--truth", dir.resolve("nope.jsonl").toString());
        assertThat(noFile.code()).isEqualTo(2);
        assertThat(noFile.err()).contains("nope.jsonl: no such file");
        java.nio.file.Path bad = java.nio.file.Files.writeString(dir.resolve("bad-truth.jsonl"), "{\"kind\":\"incident\",\"type\":\"crowd-surge\"}\n");
        assertThat(run("train-risk", "--from", "2026-11-20", "--to", "2026-11-21", "--truth", bad.toString()).err())
                .contains("line 1: not an incident");
        assertThat(run("train-risk", "--set", "models.dir=x", "--from", "2026-11-20", "--to", "2026-11-21", "--bogus").code()).isEqualTo(2);
    }
}
