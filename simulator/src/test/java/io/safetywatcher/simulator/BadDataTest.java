package io.safetywatcher.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import io.safetywatcher.common.codec.Decoded;
import io.safetywatcher.common.codec.FrameCodec;
import io.safetywatcher.common.codec.Json;
import io.safetywatcher.common.codec.ObservationCodec;
import io.safetywatcher.common.codec.ReadingCodec;
import io.safetywatcher.common.codec.TimeBounds;
import io.safetywatcher.simulator.bad.BadKind;
import io.safetywatcher.simulator.out.TruthFile;
import io.safetywatcher.simulator.world.SimRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** Every kind of bad record is produced, recorded in the truth, and rejected for the reason recorded. */
class BadDataTest {

    @Test
    void everyBadKindIsProducedRecordedAndRejectedForTheRecordedReason(@TempDir Path dir) throws Exception {
        String scenario = """
                start: 2026-11-23T14:00:00Z
                duration: 120s
                seed: 21
                """;
        List<SimRecord> records = Runs.run(Runs.testCity(), scenario, true, 0.5, 0, null);
        Set<String> devices = Runs.testCity().devicesById().keySet();
        Set<BadKind> seen = EnumSet.noneOf(BadKind.class);
        int bad = 0;
        for (int i = 1; i < records.size(); i++) {
            SimRecord truth = records.get(i);
            if (!truth.topic().equals("sw.truth")) {
                continue;
            }
            JsonNode t = Json.MAPPER.readTree(truth.value());
            assertThat(t.get("kind").asText()).isEqualTo("bad-record");
            SimRecord r = records.get(i - 1); // the bad record comes just before its truth line
            BadKind kind = BadKind.valueOf(t.get("bad_kind").asText().toUpperCase().replace('-', '_'));
            seen.add(kind);
            bad++;
            assertThat(t.get("topic").asText()).isEqualTo(r.topic());
            assertThat(t.get("key").asText()).isEqualTo(r.key());
            // Judged as the job would, with "now" at the capture time.
            Clock now = Clock.fixed(Instant.parse(t.get("capture_time").asText()), ZoneOffset.UTC);
            Decoded<?> d = switch (r.topic()) {
                case "sw.readings" -> new ReadingCodec(TimeBounds.DEFAULT, now).decode(r.value());
                case "sw.observations" -> new ObservationCodec(TimeBounds.DEFAULT, now).decode(r.value());
                default -> new FrameCodec(TimeBounds.DEFAULT, now).decode(r.headers(), r.value());
            };
            if (kind == BadKind.UNKNOWN_DEVICE) {
                // Well-formed; only the registry can tell the device does not exist.
                assertThat(d.isOk()).isTrue();
                assertThat(devices).doesNotContain(r.key());
            } else {
                assertThat(d.isOk()).as("%s %s", kind, r).isFalse();
                assertThat(d.rejection().reason()).as("%s: %s", kind, d.rejection()).isEqualTo(kind.expectedReason());
            }
        }
        assertThat(seen).containsExactlyInAnyOrder(BadKind.values());
        assertThat(bad).isGreaterThan(100);

        // The truth file gets the same lines.
        Path file = dir.resolve("truth.jsonl");
        Runs.ListSink inner = new Runs.ListSink();
        try (TruthFile tf = new TruthFile(inner, "sw.truth", file)) {
            records.forEach(tf::accept);
        }
        List<String> lines = Files.readAllLines(file);
        assertThat(lines).hasSize((int) records.stream().filter(r -> r.topic().equals("sw.truth")).count());
        assertThat(lines).allSatisfy(l -> assertThat(l).contains("\"kind\":\"bad-record\""));
    }

    @Test
    void goodRecordsAllDecode() {
        String scenario = """
                start: 2026-11-23T14:00:00Z
                duration: 60s
                seed: 22
                """;
        List<SimRecord> records = Runs.run(Runs.testCity(), scenario, true, 0, 0, null);
        Clock now = Clock.fixed(Instant.parse("2026-11-23T14:01:00Z"), ZoneOffset.UTC);
        for (SimRecord r : records) {
            Decoded<?> d = switch (r.topic()) {
                case "sw.readings" -> new ReadingCodec(TimeBounds.DEFAULT, now).decode(r.value());
                case "sw.observations" -> new ObservationCodec(TimeBounds.DEFAULT, now).decode(r.value());
                case "sw.frames" -> new FrameCodec(TimeBounds.DEFAULT, now).decode(r.headers(), r.value());
                default -> Decoded.ok(r);
            };
            assertThat(d.isOk()).as("%s: %s", r, d.rejection()).isTrue();
        }
    }
}
