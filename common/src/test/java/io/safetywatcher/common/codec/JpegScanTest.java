package io.safetywatcher.common.codec;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** The structure check reads the scan data: corrupt but well-formed JPEGs are refused, sound ones pass. */
class JpegScanTest {
    private static final int W = 320;
    private static final int H = 240;

    @Test
    void soundJpegsPass() {
        for (int[] size : new int[][] {{W, H}, {17, 9}, {640, 480}}) {
            assertThat(FrameCodec.structureProblem(JpegSamples.jpeg(size[0], size[1]), size[0], size[1])).isNull();
        }
    }

    /** The scan is read eight bytes at a time where no 0xFF is among them; stuffed bytes, and what breaks, byte by byte. */
    @Test
    void aBusyPictureWithManyStuffedBytesPassesAndAnyCutOrBitFlipNearItsEndIsCorrupt() {
        byte[] good = JpegSamples.noisyJpeg(W, H, 3);
        int start = JpegSamples.scanStart(good);
        int stuffed = 0;
        for (int i = start; i < good.length - 3; i++) {
            stuffed += (good[i] & 0xFF) == 0xFF && good[i + 1] == 0 ? 1 : 0;
        }
        assertThat(stuffed).as("stuffed 0xFF bytes in %d bytes of scan data", good.length - start).isGreaterThan(100);
        assertThat(FrameCodec.structureProblem(good, W, H)).isNull();
        for (int cut = 1; cut <= 12; cut++) { // the last bytes of the scan data missing: the last blocks run out of bits
            byte[] shorter = new byte[good.length - cut];
            System.arraycopy(good, 0, shorter, 0, good.length - 2 - cut);
            shorter[shorter.length - 2] = (byte) 0xFF;
            shorter[shorter.length - 1] = (byte) 0xD9;
            assertThat(FrameCodec.structureProblem(shorter, W, H)).as("%d bytes cut", cut).isNotNull();
        }
    }

    @Test
    void scrambledScanDataWithEveryMarkerIntactIsCorrupt() {
        byte[] good = JpegSamples.jpeg(W, H);
        for (long seed = 0; seed < 50; seed++) {
            Rejection r = FrameCodec.structureProblem(JpegSamples.scrambledScan(good, seed), W, H);
            assertThat(r).as("seed %d", seed).isNotNull();
            assertThat(r.reason()).isEqualTo(Reason.CORRUPT_JPEG);
            assertThat(r.detail()).contains("scan data is corrupt");
        }
    }

    @Test
    void shuffledScanDataIsCorrupt() {
        byte[] good = JpegSamples.jpeg(W, H);
        int start = JpegSamples.scanStart(good);
        List<Byte> scan = new ArrayList<>();
        for (int i = start; i < good.length - 2; i++) {
            scan.add(good[i]);
        }
        Collections.shuffle(scan, new Random(7));
        byte[] bad = good.clone();
        for (int i = start; i < good.length - 2; i++) {
            bad[i] = scan.get(i - start);
        }
        assertThat(FrameCodec.structureProblem(bad, W, H).reason()).isEqualTo(Reason.CORRUPT_JPEG);
    }

    @Test
    void scanDataCutShortOrPaddedIsCorrupt() {
        byte[] good = JpegSamples.jpeg(W, H);
        int start = JpegSamples.scanStart(good);
        int mid = start + (good.length - start) / 2;
        byte[] cut = new byte[good.length - 40];
        System.arraycopy(good, 0, cut, 0, mid);
        System.arraycopy(good, mid + 40, cut, mid, good.length - mid - 40);
        assertThat(FrameCodec.structureProblem(cut, W, H).reason()).isEqualTo(Reason.CORRUPT_JPEG);

        byte[] padded = new byte[good.length + 16];
        System.arraycopy(good, 0, padded, 0, good.length - 2);
        padded[padded.length - 2] = (byte) 0xFF;
        padded[padded.length - 1] = (byte) 0xD9;
        Rejection r = FrameCodec.structureProblem(padded, W, H);
        assertThat(r.reason()).isEqualTo(Reason.CORRUPT_JPEG);
        assertThat(r.detail()).contains("extraneous");
    }
}
