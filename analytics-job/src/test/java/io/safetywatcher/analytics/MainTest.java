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
}
