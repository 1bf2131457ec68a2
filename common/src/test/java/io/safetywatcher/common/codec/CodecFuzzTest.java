package io.safetywatcher.common.codec;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.safetywatcher.common.event.Frame;
import io.safetywatcher.common.event.FrameMeta;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * For any bytes (and any headers, for frames) every decoder returns a {@link Decoded} and never
 * throws; a rejection names its fault in a non-blank detail of bounded length, and a value that
 * decodes encodes back to itself. A plain build replays the kept corpus in
 * {@code src/test/resources/.../CodecFuzzTestInputs/<method>}; {@code JAZZER_FUZZ=1} fuzzes one
 * method (docs/testing.md, Fuzzing).
 */
class CodecFuzzTest {
    /** Fits a log line; the detail echoes at most a clipped part of what the device sent. */
    static final int MAX_DETAIL_CHARS = 512;

    static final Instant NOW = Instant.parse("2026-11-20T20:00:00Z");
    static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    // Unbounded twins: the fuzzer gets past the time check without having to hit the window.
    static final ReadingCodec READINGS = new ReadingCodec(TimeBounds.DEFAULT, CLOCK);
    static final ReadingCodec ANY_TIME_READINGS = new ReadingCodec(TimeBounds.NONE, CLOCK);
    static final ObservationCodec OBSERVATIONS = new ObservationCodec(TimeBounds.DEFAULT, CLOCK);
    static final ObservationCodec ANY_TIME_OBSERVATIONS = new ObservationCodec(TimeBounds.NONE, CLOCK);
    static final FrameCodec FRAMES = new FrameCodec(TimeBounds.DEFAULT, CLOCK);
    static final FrameCodec ANY_TIME_FRAMES = new FrameCodec(TimeBounds.NONE, CLOCK);

    @FuzzTest(maxDuration = "2s")
    void readings(byte[] input) {
        checked(READINGS.decode(input));
        roundTrips(ANY_TIME_READINGS.decode(input), ANY_TIME_READINGS::encode, ANY_TIME_READINGS::decode);
    }

    @FuzzTest(maxDuration = "2s")
    void observations(byte[] input) {
        checked(OBSERVATIONS.decode(input));
        roundTrips(ANY_TIME_OBSERVATIONS.decode(input), ANY_TIME_OBSERVATIONS::encode, ANY_TIME_OBSERVATIONS::decode);
    }

    @FuzzTest(maxDuration = "2s")
    void deadLetters(byte[] input) {
        roundTrips(DeadLetterCodec.decode(input), DeadLetterCodec::encode, DeadLetterCodec::decode);
    }

    @FuzzTest(maxDuration = "2s")
    void alerts(byte[] input) {
        roundTrips(AlertCodec.decode(input), AlertCodec::encode, AlertCodec::decode);
    }

    @FuzzTest(maxDuration = "2s")
    void incidents(byte[] input) {
        roundTrips(IncidentCodec.decode(input), IncidentCodec::encode, IncidentCodec::decode);
    }

    /**
     * The input is the JPEG (the corpus starts from real ones, see {@link JpegSamples}); the
     * headers are sound and claim the size the frame header holds, so the check runs to its end.
     */
    @FuzzTest(maxDuration = "2s")
    void frames(byte[] jpeg) {
        int[] size = jpeg.length > 0 ? FrameCodec.sofSize(jpeg) : null;
        int w = size == null ? 64 : size[0];
        int h = size == null ? 48 : size[1];
        Rejection problem = FrameCodec.structureProblem(jpeg, w, h);
        if (problem != null) {
            checked(new Decoded.Rejected<>(problem));
        }
        Map<String, byte[]> headers = FRAMES.headers(new FrameMeta("cam-1", NOW, 1, Math.max(w, 1), Math.max(h, 1)));
        Decoded<Frame> d = checked(FRAMES.decode(headers, jpeg));
        if (w > 0 && h > 0 && w <= 8192 && h <= 8192) {
            // The two entry points judge the same bytes alike.
            assertThat(d.isOk()).as("decode agrees with structureProblem").isEqualTo(problem == null);
        }
    }

    /** Arbitrary headers (absent, empty, null or any bytes, plus strangers) and value. */
    @FuzzTest(maxDuration = "2s")
    void frameHeaders(FuzzedDataProvider data) {
        Map<String, byte[]> headers = new HashMap<>();
        for (String name : new String[] {FrameCodec.CAMERA_ID, FrameCodec.CAPTURE_TIME, FrameCodec.SEQ,
                FrameCodec.WIDTH, FrameCodec.HEIGHT, data.consumeString(16)}) {
            switch (data.consumeInt(0, 3)) {
                case 0 -> { }
                case 1 -> headers.put(name, null);
                case 2 -> headers.put(name, data.consumeAsciiString(40).getBytes(StandardCharsets.UTF_8));
                default -> headers.put(name, data.consumeBytes(80));
            }
        }
        byte[] value = data.consumeBoolean() ? null : data.consumeRemainingAsBytes();
        checked(FRAMES.decodeMeta(headers));
        checked(FRAMES.decode(headers, value));
        checked(ANY_TIME_FRAMES.decodeMeta(headers));
        checked(ANY_TIME_FRAMES.decode(headers, value));
    }

    /** The invariant, and a value that decodes encodes to bytes that decode to the same value. */
    static <T> void roundTrips(Decoded<T> d, Function<T, byte[]> encode, Function<byte[], Decoded<T>> decode) {
        if (checked(d).isOk()) {
            assertThat(decode.apply(encode.apply(d.value())).value()).isEqualTo(d.value());
        }
    }

    /** The invariant on any outcome; returns it for further checks. */
    static <T> Decoded<T> checked(Decoded<T> d) {
        assertThat(d).isNotNull();
        if (d.isOk()) {
            assertThat(d.value()).isNotNull();
        } else {
            Rejection r = d.rejection();
            assertThat(r).isNotNull();
            assertThat(r.detail()).as("detail of %s", r.reason()).isNotBlank();
            assertThat(r.detail().length()).as("detail length of %s: %.120s", r.reason(), r.detail()).isLessThanOrEqualTo(MAX_DETAIL_CHARS);
        }
        return d;
    }
}
