package io.safetywatcher.cli.eval;

import com.fasterxml.jackson.databind.JsonNode;
import io.safetywatcher.cli.Main;
import io.safetywatcher.common.codec.Json;
import io.safetywatcher.common.event.AlertType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static io.safetywatcher.cli.eval.AlertMatcherTest.END;
import static io.safetywatcher.cli.eval.AlertMatcherTest.T0;
import static io.safetywatcher.cli.eval.AlertMatcherTest.alert;
import static io.safetywatcher.cli.eval.AlertMatcherTest.incident;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class PoolCommandTest {
    final AlertMatcher matcher = new AlertMatcher(Expectations.standard(), java.time.Duration.ofSeconds(30));

    record Run(int code, String out, String err) {}

    static Run pool(String... args) {
        CommandLine cl = Main.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        List<String> all = new ArrayList<>(List.of("eval", "pool"));
        all.addAll(List.of(args));
        return new Run(cl.execute(all.toArray(String[]::new)), out.toString(), err.toString());
    }

    /** A scenario with {@code n} gunshots, each detected {@code ttd} seconds late, and one false panic. */
    Scorecard scenario(int n, int ttd) {
        List<io.safetywatcher.common.event.Incident> incidents = new ArrayList<>();
        List<RaisedAlert> alerts = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            incidents.add(incident("g" + i, AlertType.GUNSHOT, "station", 600 + 300 * i, 620 + 300 * i));
            alerts.add(alert("a" + i, AlertType.GUNSHOT, "station", 600 + 300 * i, 600 + 300 * i + ttd));
        }
        alerts.add(alert("fa", AlertType.PANIC, "park", 60, 60));
        return matcher.score(incidents, alerts, T0, END, 10);
    }

    static void write(Path file, Scorecard s) throws Exception {
        Files.writeString(file, ScorecardFormat.json(s).toPrettyString());
    }

    @Test
    void aScorecardReadBackIsTheOneWritten() {
        Scorecard s = scenario(3, 4);
        Scorecard back = ScorecardFormat.read(ScorecardFormat.json(s));
        assertThat(back).usingRecursiveComparison().isEqualTo(s);
    }

    @Test
    void scenariosPlayedApartArePooledIncidentByIncident(@TempDir Path tmp) throws Exception {
        // 19 quick detections in one scenario and one slow one in another: the pooled p95 is the
        // quick ones' (nearest rank 19 of 20), where a mean of the two p95s would be half the slow one.
        write(tmp.resolve("a.result.json"), scenario(19, 2));
        write(tmp.resolve("b.result.json"), scenario(1, 100));
        Files.writeString(tmp.resolve("notes.txt"), "not a result");
        Run r = pool(tmp.toString(), "--format", "json");
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode o = Json.MAPPER.readTree(r.out());
        assertThat(o.get("scenarios").toString()).isEqualTo("[\"a\",\"b\"]");
        JsonNode gun = EvalCommandTest.type(o.get("pooled"), "gunshot");
        assertThat(gun.get("tp").asInt()).isEqualTo(20);
        assertThat(gun.get("ttd_p95_s").asDouble()).isEqualTo(2.0);
        assertThat(gun.get("recall_95").get(0).asDouble()).isCloseTo(0.839, within(1e-3));
        assertThat(o.get("pooled").get("detected")).hasSize(20);
        JsonNode panic = EvalCommandTest.type(o.get("pooled"), "panic");
        assertThat(panic.get("fp").asInt()).isEqualTo(2);
        Run table = pool(tmp.resolve("a.result.json").toString(), tmp.resolve("b.result.json").toString());
        assertThat(table.out()).contains("pooled 2 scorecards (a, b)").contains("1.00 [0.84, 1.00]").contains("2 false alarms");
        assertThat(pool(tmp.toString(), "--check").code()).isEqualTo(1);
    }

    @Test
    void whatCannotBePooledIsAUsageErrorThatSaysWhy(@TempDir Path tmp) throws Exception {
        Run none = pool(tmp.resolve("nowhere").toString());
        assertThat(none.code()).isEqualTo(2);
        assertThat(none.err()).contains("nowhere: no such file or folder");
        assertThat(pool(tmp.toString()).err()).contains("holds no *.result.json");
        write(tmp.resolve("a.result.json"), scenario(1, 2));
        Run twice = pool(tmp.toString(), tmp.resolve("a.result.json").toString());
        assertThat(twice.code()).isEqualTo(2);
        assertThat(twice.err()).contains("scenario a is given twice");
        // A result written before detections were kept: its times to detect are lost, so it is refused, not pooled without them.
        com.fasterxml.jackson.databind.node.ObjectNode old = ScorecardFormat.json(scenario(1, 2));
        old.remove("detected");
        Path oldFile = tmp.resolve("old.result.json");
        Files.writeString(oldFile, old.toString());
        Run refused = pool(oldFile.toString());
        assertThat(refused.code()).isEqualTo(2);
        assertThat(refused.err()).contains("old.result.json: it has no 'detected' list");
        Files.writeString(oldFile, "{\"types\": [");
        assertThat(pool(oldFile.toString()).err()).contains("old.result.json:");
    }
}
