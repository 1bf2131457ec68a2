package io.safetywatcher.cli.eval;

import com.fasterxml.jackson.databind.JsonNode;
import io.safetywatcher.alertjob.vision.VisionSettings;
import io.safetywatcher.common.codec.Json;
import io.safetywatcher.simulator.city.ZoneKind;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code ./watcher eval loiter}: how long a camera's tracker keeps a rendered loiterer's identity. */
class LoiterCommandTest {
    static EvalRun loiter(String... args) { return EvalRun.of("loiter", args); }

    @Test
    void wrongFlagsAreUsageErrorsThatSayWhatIsWrong() {
        EvalRun moon = loiter("--scenes", "moon");
        assertThat(moon.code()).isEqualTo(2);
        assertThat(moon.err()).contains("--scenes: 'moon' is not a scene kind").contains("park");
        EvalRun dense = loiter("--densities", "3");
        assertThat(dense.code()).isEqualTo(2);
        assertThat(dense.err()).contains("--densities: 3.0 p/m² is outside 0-2");
        assertThat(loiter("--stay", "0").err()).contains("--stay: 0 min is outside 1-60");
        assertThat(loiter("--light", "2").err()).contains("--light: 2.0 is outside 0.25-1");
        assertThat(loiter("--view-area", "5").err()).contains("--view-area: 5.0 m² is outside 20-2000");
    }

    /**
     * Four or five people in view, one of them a loiterer for seven minutes: one track holds them
     * past the five-minute dwell limit. It broke when a passer-by walked past and the pair
     * parted, the loiterer's track going on with the passer-by (held 217 s, then a new track),
     * while a merged blob cost nothing for its unknown colour.
     */
    @Tag("stack") // renders and analyses 1,080 frames: seconds of CPU, not the fast lane's
    @Test
    void aLoitererInAQuietSceneKeepsOneTrackPastTheDwellLimit() {
        LoiterTrial.Result r = new LoiterTrial(ZoneKind.PARK, 250, 0.015, 3, 1.0).run(VisionSettings.defaults(), Duration.ofMinutes(7));
        assertThat(r.people()).as("a quiet scene").isBetween(3.0, 9.0);
        assertThat(r.seenAloneShare()).as("seen alone: %s", r).isGreaterThan(0.6);
        assertThat(r.longestS()).as("held past the 5-minute limit: %s", r).isGreaterThan(300);
        assertThat(r.breaks()).as("the loiterer's track never broke: %s", r).isZero();
    }

    /**
     * Ten people in view: passers-by merge with the loiterer every minute or so and their track
     * breaks, but whoever takes them up again on the same spot carries the dwell since their
     * arrival past the limit (139 s without spots). With nobody staying, in twice the crowd, no
     * track dwells anywhere near the limit (spots that lingered 6 s and were remembered 2 minutes
     * gave 325 s there).
     */
    @Tag("stack")
    @Test
    void aLoitererAmongTenPeopleKeepsTheirDwellAndNoPasserByGetsOneLikeIt() {
        LoiterTrial.Result r = new LoiterTrial(ZoneKind.PARK, 180, 0.05, 11, 1.0).run(VisionSettings.defaults(), Duration.ofMinutes(7));
        assertThat(r.people()).as("ten or so in view").isBetween(7.0, 13.0);
        assertThat(r.longestS()).as("held past the 5-minute limit: %s", r).isGreaterThan(300);
        LoiterTrial.Result control = new LoiterTrial(ZoneKind.PARK, 180, 0.1, 11, 1.0).run(VisionSettings.defaults(), Duration.ofMinutes(7), false);
        assertThat(control.othersLongestS()).as("nobody stays: %s", control).isLessThan(240);
    }

    @Tag("stack")
    @Test
    void theReportIsJsonWhenAsked() throws Exception {
        EvalRun r = loiter("--scenes", "market", "--densities", "0.05", "--stay", "1", "--format", "json");
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode trial = Json.MAPPER.readTree(r.out()).get("trials").get(0);
        assertThat(trial.get("scene").asText()).isEqualTo("market");
        assertThat(trial.get("density").asDouble()).isEqualTo(0.05);
        assertThat(trial.get("people_in_view").asDouble()).isGreaterThan(3);
        assertThat(trial.get("frames").asInt()).as("a minute at 2 fps").isEqualTo(120);
        assertThat(trial.get("longest_held_s").asDouble()).isBetween(0.0, 60.0);
        assertThat(trial.get("seen_alone_share").asDouble()).isBetween(0.0, 1.0);
        assertThat(trial.has("breaks_per_minute")).isTrue();
        assertThat(trial.get("others_longest_s").asDouble()).isBetween(0.0, 120.0);
        assertThat(Json.MAPPER.readTree(r.out()).get("with_loiterer").asBoolean()).isTrue();
    }
}
