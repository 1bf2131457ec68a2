package io.safetywatcher.alertjob.spark;

import io.safetywatcher.alertjob.Fixtures;
import io.safetywatcher.alertjob.detect.ZoneInput;
import io.safetywatcher.alertjob.ingest.SourceRecord;
import io.safetywatcher.alertjob.vision.Blob;
import io.safetywatcher.alertjob.vision.Box;
import io.safetywatcher.alertjob.vision.CameraInput;
import io.safetywatcher.alertjob.vision.FrameFeatures;
import io.safetywatcher.alertjob.vision.Verdict;
import io.safetywatcher.common.codec.Reason;
import io.safetywatcher.common.event.DeadLetter;
import io.safetywatcher.common.event.SensorType;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The detect query's zone rows, which Spark shuffles to the zones' state: a frame's row names
 * where its JPEG is in Kafka and carries none of its bytes; a reading's keeps its value (small,
 * and its quarantine row's payload if it comes late). No Spark, no server.
 */
class ZoneRowTest {
    static final String FRAMES = "sw.frames";
    static final Instant T = Instant.parse("2026-11-20T12:00:00Z");
    /** A camera-sized frame of noise: tens of KB that compress to nothing else. */
    static final byte[] JPEG = jpeg();

    static byte[] jpeg() {
        BufferedImage img = new BufferedImage(320, 240, BufferedImage.TYPE_3BYTE_BGR);
        SplittableRandom rng = new SplittableRandom(7);
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                img.setRGB(x, y, rng.nextInt(1 << 24));
            }
        }
        try (ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            ImageIO.write(img, "jpg", out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static SourceRecord frameRecord() {
        return new SourceRecord(FRAMES, 2, 417, T, "cam-1", JPEG, Map.of());
    }

    @Test
    void anAnalysedFramesRowCarriesItsCoordinatesAndFeaturesButNoneOfItsJpeg() {
        FrameFeatures ff = new FrameFeatures(T, 9, true, 2, 0.3, 0.1, List.of(new Blob(new Box(5, 6, 10, 20), 150, 2, -1)), List.of(), true);
        ZoneInput in = CameraInput.of("cam-1", "z", 150, T, 9, new Verdict.Analysed(ff));

        Row r = AlertJob.zoneRow(in, frameRecord(), ff, null, FRAMES);

        assertThat(JPEG.length).as("the test frame").isGreaterThan(20_000);
        assertThat((String) column(r, "src_topic")).isEqualTo(FRAMES);
        assertThat((Integer) column(r, "src_partition")).isEqualTo(2);
        assertThat((Long) column(r, "src_offset")).isEqualTo(417L);
        assertThat((Object) column(r, "value")).isNull();
        assertThat((FrameFeatures) ZoneStep.deserializeObject(column(r, "features"))).isEqualTo(ff);
        assertNoJpegIn(r);
    }

    @Test
    void aRefusedFramesDeadLetterTravelsWithoutItsJpeg() {
        DeadLetter refused = DeadLetter.of(FRAMES, 2, 417, "cam-1", Reason.CORRUPT_JPEG.id(), "pixels undecodable", JPEG, T);
        ZoneInput fault = CameraInput.of("cam-1", "z", 150, T, 9, new Verdict.Refused(Reason.CORRUPT_JPEG, "pixels undecodable"));

        Row r = AlertJob.zoneRow(fault, frameRecord(), null, refused, FRAMES);

        DeadLetter carried = (DeadLetter) ZoneStep.deserializeObject(column(r, "dead_letter"));
        assertThat(carried.coordinates()).isEqualTo(refused.coordinates());
        assertThat(carried.reason()).isEqualTo(refused.reason());
        assertThat(carried.detail()).isEqualTo(refused.detail());
        assertThat(carried.raw()).as("read back by the sink").isEmpty();
        assertNoJpegIn(r);

        RecordCoordinates at = new RecordCoordinates(FRAMES, 2, 417);
        assertThat(AlertOutput.withPayload(carried, Map.of(at, JPEG))).as("with the JPEG read back").isEqualTo(refused);
        DeadLetter unread = AlertOutput.withPayload(carried, Map.of());
        assertThat(unread.raw()).isEmpty();
        assertThat(unread.detail()).startsWith(refused.detail()).contains("could not be read back from Kafka at " + FRAMES + "/2/417");
    }

    @Test
    void aReadingsRowKeepsItsValueForItsQuarantineRow() {
        byte[] value = "{\"sensor\":\"snd-1\",\"value\":71.5}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        SourceRecord s = new SourceRecord("sw.readings", 0, 12, T, "snd-1", value, Map.of());

        Row r = AlertJob.zoneRow(Fixtures.reading("z", "snd-1", SensorType.SOUND_LEVEL, 0, 71.5), s, null, null, FRAMES);

        assertThat((byte[]) column(r, "value")).isEqualTo(value);
    }

    @SuppressWarnings("unchecked")
    private static <T> T column(Row r, String name) { return (T) r.get(AlertJob.ZONE_INPUT.fieldIndex(name)); }

    /** No column holds the frame's bytes, or any 64 of them in a row. */
    private static void assertNoJpegIn(Row r) {
        byte[] sample = Arrays.copyOfRange(JPEG, JPEG.length / 2, JPEG.length / 2 + 64);
        for (int i = 0; i < r.size(); i++) {
            if (r.get(i) instanceof byte[] b) {
                assertThat(indexOf(b, sample)).as("JPEG bytes in column %s (%d bytes)", AlertJob.ZONE_INPUT.fields()[i].name(), b.length).isNegative();
            }
        }
    }

    private static int indexOf(byte[] in, byte[] part) {
        outer:
        for (int i = 0; i + part.length <= in.length; i++) {
            for (int j = 0; j < part.length; j++) {
                if (in[i + j] != part[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
