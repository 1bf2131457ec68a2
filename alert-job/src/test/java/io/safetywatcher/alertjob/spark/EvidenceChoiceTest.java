package io.safetywatcher.alertjob.spark;

import io.safetywatcher.alertjob.vision.Blob;
import io.safetywatcher.alertjob.vision.Box;
import io.safetywatcher.alertjob.vision.FrameFeatures;
import io.safetywatcher.common.event.Alert;
import io.safetywatcher.common.event.AlertState;
import io.safetywatcher.common.event.AlertType;
import io.safetywatcher.common.event.Severity;
import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Which frame becomes a firing alert's evidence, on hand-built frames (no Spark, no server). */
class EvidenceChoiceTest {
    static final Instant FIRED = Instant.parse("2026-11-20T12:00:10Z");
    static final byte[] JPEG = jpeg();

    static byte[] jpeg() {
        try (ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            ImageIO.write(new BufferedImage(64, 48, BufferedImage.TYPE_3BYTE_BGR), "jpg", out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static EvidenceChoice.Frame frame(int secondsFromFiring, long seq) {
        Instant t = FIRED.plusSeconds(secondsFromFiring);
        List<Blob> blobs = List.of(new Blob(new Box(5, 6, 10, 20), 150, 1, -1));
        return new EvidenceChoice.Frame(new FrameFeatures(t, seq, true, 1, 0.1, 0.05, blobs, List.of(), true),
                new RecordCoordinates("sw.frames", 3, 1000 + seq));
    }

    static Alert firing(List<String> devices, List<String> evidence) {
        return new Alert("a-1", "fight|z|cam", AlertType.FIGHT, Severity.HIGH, AlertState.FIRING, "z", devices,
                FIRED.minusSeconds(5), FIRED, null, 0.9, "fight in z", evidence, "v1");
    }

    @Test
    void theNewestFrameAtOrBeforeTheFiringTimeIsChosenNotALaterOne() {
        List<EvidenceChoice.Frame> frames = List.of(frame(-4, 1), frame(0, 2), frame(-2, 3), frame(1, 4));
        assertThat(EvidenceChoice.newestAtOrBefore(frames, FIRED)).get().extracting(f -> f.features().seq()).isEqualTo(2L);
        assertThat(EvidenceChoice.newestAtOrBefore(frames, FIRED.minusSeconds(1))).get().extracting(f -> f.features().seq()).isEqualTo(3L);
    }

    @Test
    void ofTwoFramesAtTheSameInstantTheFirstIsKept() {
        assertThat(EvidenceChoice.newestAtOrBefore(List.of(frame(-1, 7), frame(-1, 8)), FIRED))
                .get().extracting(f -> f.features().seq()).isEqualTo(7L);
    }

    @Test
    void framesOnlyAfterTheFiringTimeGiveNoEvidence() {
        assertThat(EvidenceChoice.newestAtOrBefore(List.of(frame(1, 1), frame(3, 2)), FIRED)).isEmpty();
        List<ZoneEvent> out = new ArrayList<>();
        Alert a = firing(List.of("cam-1"), List.of());
        assertThat(EvidenceChoice.withEvidence(a, Map.of("cam-1", List.of(frame(2, 1))), out)).isSameAs(a);
        assertThat(out).isEmpty();
    }

    @Test
    void eachCameraGivesOneAnnotatedFrameNamedBeforeTheAlertsOwnEvidence() {
        List<ZoneEvent> out = new ArrayList<>();
        Alert a = firing(List.of("cam-1", "snd-1", "cam-2"), List.of("readings:snd-1@x"));
        Map<String, List<EvidenceChoice.Frame>> frames = Map.of(
                "cam-1", List.of(frame(-3, 1), frame(-1, 2), frame(4, 3)),
                "cam-2", List.of(frame(-2, 9)));
        Alert withEvidence = EvidenceChoice.withEvidence(a, frames, out);

        assertThat(out).extracting(ZoneEvent::evidence).extracting(EvidenceFrame::cameraId, EvidenceFrame::ts)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("cam-1", FIRED.minusSeconds(1)),
                        org.assertj.core.groups.Tuple.tuple("cam-2", FIRED.minusSeconds(2)));
        EvidenceFrame first = out.get(0).evidence();
        assertThat(first.alertId()).isEqualTo("a-1");
        assertThat(first.boxesJson()).isEqualTo(frames.get("cam-1").get(1).features().boxesJson());
        assertThat(out).extracting(ZoneEvent::evidence).extracting(EvidenceFrame::source).as("named where Kafka keeps their JPEGs")
                .containsExactly(new RecordCoordinates("sw.frames", 3, 1002), new RecordCoordinates("sw.frames", 3, 1009));
        assertThat(first.annotated(JPEG)).as("the JPEG read back, re-encoded with the boxes drawn").isNotEmpty().isNotEqualTo(JPEG);
        assertThat(withEvidence.evidence()).containsExactly(first.reference(), out.get(1).evidence().reference(), "readings:snd-1@x");
        assertThat(withEvidence).usingRecursiveComparison().ignoringFields("evidence").isEqualTo(a);
    }

    /** The sink stores no row for a frame whose bytes read back do not decode (the alert, already published, still names it). */
    @Test
    void aFrameThatDoesNotDecodeGivesNoImage() {
        List<ZoneEvent> out = new ArrayList<>();
        EvidenceChoice.withEvidence(firing(List.of("cam-1"), List.of()), Map.of("cam-1", List.of(frame(-1, 1))), out);
        assertThat(out.get(0).evidence().annotated(new byte[] {1, 2, 3})).isNull();
    }

    @Test
    void anAlertWithoutCameraFramesKeepsItsEvidence() {
        List<ZoneEvent> out = new ArrayList<>();
        Alert a = firing(List.of("snd-1"), List.of("readings:snd-1@x"));
        assertThat(EvidenceChoice.withEvidence(a, Map.of("cam-9", List.of(frame(-1, 1))), out)).isSameAs(a);
        assertThat(out).isEmpty();
    }
}
