package io.safetywatcher.common.codec;

import io.safetywatcher.common.event.Alert;
import io.safetywatcher.common.event.AlertState;
import io.safetywatcher.common.event.AlertType;
import io.safetywatcher.common.event.DeadLetter;
import io.safetywatcher.common.event.Frame;
import io.safetywatcher.common.event.FrameMeta;
import io.safetywatcher.common.event.Incident;
import io.safetywatcher.common.event.Label;
import io.safetywatcher.common.event.Observation;
import io.safetywatcher.common.event.Reading;
import io.safetywatcher.common.event.SensorType;
import io.safetywatcher.common.event.Severity;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Every record type survives encode then decode unchanged. */
class CodecRoundTripTest {
    static final Instant NOW = Instant.parse("2026-11-20T20:00:00Z");
    static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    @ParameterizedTest
    @EnumSource(SensorType.class)
    void readingOfEverySensorType(SensorType type) {
        ReadingCodec codec = new ReadingCodec(TimeBounds.DEFAULT, CLOCK);
        Reading r = Reading.of("s-" + type.id(), type, NOW.minusSeconds(3), (type.min() + type.max()) / 2, 42);
        assertThat(codec.decode(codec.encode(r)).value()).isEqualTo(r);
    }

    @Test
    void observation() {
        ObservationCodec codec = new ObservationCodec(TimeBounds.DEFAULT, CLOCK);
        Observation o = new Observation("cam-1", NOW, 7, List.of(new Label("loitering", 0.82), new Label("unattended_bag", 0.4)));
        assertThat(codec.decode(codec.encode(o)).value()).isEqualTo(o);
    }

    @Test
    void frameMetadataThroughHeaders() {
        FrameCodec codec = new FrameCodec(TimeBounds.DEFAULT, CLOCK);
        FrameMeta m = new FrameMeta("cam-2", NOW, 99, 640, 480);
        byte[] jpeg = JpegSamples.jpeg(640, 480);
        Frame f = codec.decode(codec.headers(m), jpeg).value();
        assertThat(f.meta()).isEqualTo(m);
        assertThat(f.jpeg()).isSameAs(jpeg);
        assertThat(codec.decodeMeta(codec.headers(m)).value()).isEqualTo(m);
    }

    @Test
    void alertFiringAndResolved() {
        Alert firing = new Alert("a-1", "gunshot|plaza|s-9", AlertType.GUNSHOT, Severity.CRITICAL, AlertState.FIRING, "plaza",
                List.of("s-9"), NOW, NOW, null, 0.97, "gunshot detected near s-9", List.of(), "r-abc");
        Alert resolved = new Alert("a-1", "gunshot|plaza|s-9", AlertType.GUNSHOT, Severity.CRITICAL, AlertState.RESOLVED, "plaza",
                List.of("s-9"), NOW, NOW.plusSeconds(60), NOW.plusSeconds(60), 0.97, "cleared", List.of("ev-1"), "r-abc");
        assertThat(AlertCodec.decode(AlertCodec.encode(firing)).value()).isEqualTo(firing);
        assertThat(AlertCodec.decode(AlertCodec.encode(resolved)).value()).isEqualTo(resolved);
        assertThat(new String(AlertCodec.encode(firing))).contains("\"category\":\"suspicious-activity\"").doesNotContain("\"model\"");
    }

    @Test
    void anAlertALearnedModelGradedNamesTheModel() {
        Alert graded = new Alert("a-2", "crowd-risk@plaza/*", AlertType.CROWD_RISK, Severity.HIGH, AlertState.FIRING, "plaza",
                List.of("dn-1"), NOW, NOW, null, 0.8, "crowd risk high in plaza: learned model v3", List.of(), "r-abc", "crowd-risk-v3");
        assertThat(new String(AlertCodec.encode(graded))).contains("\"model\":\"crowd-risk-v3\"");
        assertThat(AlertCodec.decode(AlertCodec.encode(graded)).value()).isEqualTo(graded);
    }

    @Test
    void incident() {
        Incident i = new Incident("inc-1", AlertType.CROWD_SURGE, "stadium-north-gate", List.of("cam-3", "d-1"),
                NOW, NOW.plusSeconds(240), 0.9);
        assertThat(IncidentCodec.decode(IncidentCodec.encode(i)).value()).isEqualTo(i);
    }

    @Test
    void deadLetterKeepsItsBytesAndBoundsThem() {
        byte[] raw = "{not json".getBytes();
        DeadLetter d = DeadLetter.of("sw.readings", 2, 1234, "s-1", "malformed_json", "not valid JSON", raw, NOW);
        assertThat(DeadLetterCodec.decode(DeadLetterCodec.encode(d)).value()).isEqualTo(d);

        byte[] huge = new byte[DeadLetter.MAX_RAW_BYTES * 3];
        DeadLetter big = DeadLetter.of("sw.frames", 0, 1, null, "wrong_size", "x", huge, NOW);
        assertThat(big.raw()).hasSize(DeadLetter.MAX_RAW_BYTES);
        assertThat(big.rawSize()).isEqualTo(huge.length);
        assertThat(big.truncated()).isTrue();
        assertThat(DeadLetterCodec.decode(DeadLetterCodec.encode(big)).value()).isEqualTo(big);
    }

    @Test
    void encodingIsDeterministic() {
        ReadingCodec codec = new ReadingCodec(TimeBounds.DEFAULT, CLOCK);
        Reading r = Reading.of("s-1", SensorType.SOUND_LEVEL, NOW, 61.25, 1);
        assertThat(codec.encode(r)).isEqualTo(codec.encode(r));
        assertThat(new String(codec.encode(r))).isEqualTo(
                "{\"sensor_id\":\"s-1\",\"sensor_type\":\"sound_level\",\"capture_time\":\"2026-11-20T20:00:00Z\",\"value\":61.25,\"unit\":\"dB\",\"seq\":1}");
    }

    /** A truth line as written before detectable_from and evident_until existed. */
    static final String OLD_TRUTH_LINE = "{\"kind\":\"incident\",\"incident_id\":\"x\",\"type\":\"gunshot\",\"zone\":\"z\",\"devices\":[],"
            + "\"start\":\"2026-11-20T20:00:00Z\",\"end\":\"2026-11-20T20:00:20Z\",\"intensity\":0.5}";

    @Test
    void truthCarriesDetectableFromAndOldLinesStillRead() {
        Incident i = new Incident("sc-001-break-in", AlertType.BREAK_IN, "old-market", List.of("door-1"), NOW, NOW.plusSeconds(300), 0.8)
                .detectableFrom(NOW.plusSeconds(25));
        byte[] line = IncidentCodec.encode(i);
        assertThat(new String(line, java.nio.charset.StandardCharsets.UTF_8)).contains("\"detectable_from\":\"2026-11-20T20:00:25Z\"");
        assertThat(IncidentCodec.decode(line).value()).isEqualTo(i);
        // A truth file written before the field: detectable from its start.
        String old = OLD_TRUTH_LINE;
        assertThat(IncidentCodec.decode(old.getBytes(java.nio.charset.StandardCharsets.UTF_8)).value().detectableFrom()).isEqualTo(NOW);
        String before = old.replace("\"intensity\"", "\"detectable_from\":\"2026-11-20T19:59:00Z\",\"intensity\"");
        assertThat(IncidentCodec.decode(before.getBytes(java.nio.charset.StandardCharsets.UTF_8)).rejection().detail())
                .contains("detectable_from 2026-11-20T19:59:00Z is before start");
    }

    @Test
    void truthCarriesEvidentUntilAndOldLinesStillRead() {
        Incident crowd = new Incident("c", AlertType.CROWD_DENSITY, "gate", List.of(), NOW, NOW.plusSeconds(300), 0.8)
                .evidentUntil(NOW.plusSeconds(420));
        byte[] line = IncidentCodec.encode(crowd);
        assertThat(new String(line, java.nio.charset.StandardCharsets.UTF_8)).contains("\"evident_until\":\"2026-11-20T20:07:00Z\"");
        assertThat(IncidentCodec.decode(line).value()).isEqualTo(crowd);
        String old = OLD_TRUTH_LINE;
        assertThat(IncidentCodec.decode(old.getBytes(java.nio.charset.StandardCharsets.UTF_8)).value().evidentUntil())
                .isEqualTo(NOW.plusSeconds(20));
        assertThat(new String(IncidentCodec.encode(IncidentCodec.decode(old.getBytes(java.nio.charset.StandardCharsets.UTF_8)).value()),
                java.nio.charset.StandardCharsets.UTF_8)).doesNotContain("evident_until");
        String early = old.replace("\"intensity\"", "\"evident_until\":\"2026-11-20T20:00:10Z\",\"intensity\"");
        assertThat(IncidentCodec.decode(early.getBytes(java.nio.charset.StandardCharsets.UTF_8)).rejection().detail())
                .contains("evident_until 2026-11-20T20:00:10Z is before end");
    }
}
