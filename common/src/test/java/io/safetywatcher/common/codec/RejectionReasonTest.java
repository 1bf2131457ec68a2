package io.safetywatcher.common.codec;

import io.safetywatcher.common.event.FrameMeta;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Each kind of bad input is refused with its own reason and a detail that names the fault. */
class RejectionReasonTest {
    static final Instant NOW = Instant.parse("2026-11-20T20:00:00Z");
    static final ReadingCodec READINGS = new ReadingCodec(TimeBounds.DEFAULT, Clock.fixed(NOW, ZoneOffset.UTC));
    static final ObservationCodec OBSERVATIONS = new ObservationCodec(TimeBounds.DEFAULT, Clock.fixed(NOW, ZoneOffset.UTC));
    static final FrameCodec FRAMES = new FrameCodec(TimeBounds.DEFAULT, Clock.fixed(NOW, ZoneOffset.UTC));

    static String reading(String sensorId, String type, String time, String value, String unit, String seq) {
        return "{\"sensor_id\":" + sensorId + ",\"sensor_type\":" + type + ",\"capture_time\":" + time
                + ",\"value\":" + value + ",\"unit\":" + unit + ",\"seq\":" + seq + "}";
    }

    static final String OK_TIME = "\"2026-11-20T19:59:58Z\"";

    static Stream<Arguments> badReadings() {
        return Stream.of(
                Arguments.of("{\"sensor_id\": \"s-1\", ", Reason.MALFORMED_JSON, "not valid JSON"),
                Arguments.of("[1, 2]", Reason.NOT_AN_OBJECT, "JSON object"),
                Arguments.of("{\"sensor_type\":\"sound_level\",\"capture_time\":" + OK_TIME + ",\"value\":1,\"unit\":\"dB\",\"seq\":1}",
                        Reason.MISSING_FIELD, "'sensor_id'"),
                Arguments.of(reading("\"s-1\"", "\"sound_level\"", OK_TIME, "\"loud\"", "\"dB\"", "1"), Reason.WRONG_TYPE, "'value' should be a number"),
                Arguments.of(reading("42", "\"sound_level\"", OK_TIME, "60", "\"dB\"", "1"), Reason.WRONG_TYPE, "'sensor_id' should be a string"),
                Arguments.of(reading("\"s-1\"", "\"sound_level\"", "\"yesterday\"", "60", "\"dB\"", "1"), Reason.WRONG_TYPE, "ISO-8601"),
                Arguments.of(reading("\"s-1\"", "\"sound_level\"", OK_TIME, "60", "\"dB\"", "1.5"), Reason.WRONG_TYPE, "'seq' should be an integer"),
                Arguments.of(reading("\"s-1\"", "\"sound_level\"", OK_TIME, "NaN", "\"dB\"", "1"), Reason.NOT_A_NUMBER, "'value' is NaN"),
                Arguments.of(reading("\"s-1\"", "\"sound_level\"", OK_TIME, "Infinity", "\"dB\"", "1"), Reason.NOT_A_NUMBER, "'value'"),
                Arguments.of(reading("\"s-1\"", "\"sound_level\"", OK_TIME, "250", "\"dB\"", "1"), Reason.OUT_OF_RANGE, "physical range of sound_level"),
                Arguments.of(reading("\"s-1\"", "\"crowd_density\"", OK_TIME, "-1", "\"p/m2\"", "1"), Reason.OUT_OF_RANGE, "crowd_density"),
                Arguments.of(reading("\"s-1\"", "\"sound_level\"", "\"2026-11-21T20:00:00Z\"", "60", "\"dB\"", "1"),
                        Reason.TIMESTAMP_IN_FUTURE, "after now"),
                Arguments.of(reading("\"s-1\"", "\"sound_level\"", "\"2020-01-01T00:00:00Z\"", "60", "\"dB\"", "1"),
                        Reason.TIMESTAMP_TOO_OLD, "days before now"),
                Arguments.of(reading("\"s-1\"", "\"sound_level\"", OK_TIME, "60", "\"furlongs\"", "1"), Reason.UNKNOWN_UNIT, "'furlongs'"),
                Arguments.of(reading("\"s-1\"", "\"sound_level\"", OK_TIME, "60", "\"p/m2\"", "1"), Reason.UNIT_MISMATCH, "unit of sound_level (dB)"),
                Arguments.of(reading("\"s-1\"", "\"thermometer\"", OK_TIME, "60", "\"dB\"", "1"), Reason.UNKNOWN_SENSOR_TYPE, "'thermometer'"),
                Arguments.of(reading("\"\"", "\"sound_level\"", OK_TIME, "60", "\"dB\"", "1"), Reason.INVALID_VALUE, "'sensor_id' is empty"),
                Arguments.of("", Reason.EMPTY_PAYLOAD, "no value"));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("badReadings")
    void readingRejectedWithItsReason(String json, Reason reason, String detail) {
        Rejection r = READINGS.decode(json.getBytes(StandardCharsets.UTF_8)).rejection();
        assertThat(r).isNotNull();
        assertThat(r.reason()).isEqualTo(reason);
        assertThat(r.detail()).contains(detail);
    }

    @Test
    void observationLabelsAreCheckedEachAtItsIndex() {
        String base = "{\"camera_id\":\"c\",\"capture_time\":" + OK_TIME + ",\"seq\":1,\"labels\":";
        assertThat(OBSERVATIONS.decode((base + "[{\"label\":\"loitering\",\"confidence\":1.5}]}").getBytes()).rejection())
                .extracting(Rejection::reason, Rejection::detail)
                .containsExactly(Reason.OUT_OF_RANGE, "labels[0].confidence 1.5 is outside [0, 1]");
        assertThat(OBSERVATIONS.decode((base + "[{\"label\":\"John Smith\",\"confidence\":0.5}]}").getBytes()).rejection().reason())
                .isEqualTo(Reason.INVALID_VALUE);
        assertThat(OBSERVATIONS.decode((base + "[]}").getBytes()).rejection().reason()).isEqualTo(Reason.INVALID_VALUE);
        assertThat(OBSERVATIONS.decode((base + "[{\"label\":\"fight\",\"confidence\":0.2},{\"label\":\"fight\",\"confidence\":0.9}]}")
                .getBytes()).rejection()).extracting(Rejection::reason, Rejection::detail)
                .containsExactly(Reason.INVALID_VALUE, "labels[1].label 'fight' repeats an earlier label");
    }

    @Test
    void jsonPastTheParsersLimitsIsTooLargeWithTheLimitNamed() {
        for (String json : new String[] {"[".repeat(1001) + "]".repeat(1001), "{\"value\":" + "1".repeat(1001) + "}"}) {
            Rejection r = READINGS.decode(json.getBytes(StandardCharsets.UTF_8)).rejection();
            assertThat(r.reason()).isEqualTo(Reason.TOO_LARGE);
            assertThat(r.detail()).contains("exceeds");
        }
    }

    static Map<String, byte[]> headers(FrameMeta m) { return new LinkedHashMap<>(FRAMES.headers(m)); }

    @Test
    void badFramesEachHaveTheirReason() {
        FrameMeta m = new FrameMeta("cam-1", NOW, 1, 64, 48);
        byte[] good = JpegSamples.jpeg(64, 48);
        assertThat(FRAMES.decode(headers(m), good).isOk()).isTrue();

        assertThat(FRAMES.decode(headers(m), new byte[0]).rejection().reason()).isEqualTo(Reason.EMPTY_PAYLOAD);
        assertThat(FRAMES.decode(headers(m), "hello, not a picture".getBytes()).rejection().reason()).isEqualTo(Reason.NOT_JPEG);
        assertThat(FRAMES.decode(headers(m), Arrays.copyOf(good, good.length / 2)).rejection().reason()).isEqualTo(Reason.TRUNCATED_JPEG);
        byte[] noHeader = {(byte) 0xFF, (byte) 0xD8, 0, 0, 0, 0, (byte) 0xFF, (byte) 0xD9};
        assertThat(FRAMES.decode(headers(m), noHeader).rejection().reason()).isEqualTo(Reason.CORRUPT_JPEG);
        Rejection wrongSize = FRAMES.decode(headers(new FrameMeta("cam-1", NOW, 1, 640, 480)), good).rejection();
        assertThat(wrongSize.reason()).isEqualTo(Reason.WRONG_SIZE);
        assertThat(wrongSize.detail()).contains("64x48").contains("640x480");

        Map<String, byte[]> missing = headers(m);
        missing.remove(FrameCodec.CAMERA_ID);
        assertThat(FRAMES.decode(missing, good).rejection()).extracting(Rejection::reason, Rejection::detail)
                .containsExactly(Reason.MISSING_HEADER, "header 'camera_id' is missing");
        Map<String, byte[]> wrongType = headers(m);
        wrongType.put(FrameCodec.WIDTH, "wide".getBytes());
        assertThat(FRAMES.decode(wrongType, good).rejection().reason()).isEqualTo(Reason.WRONG_TYPE);
    }
    // Found by CodecFuzzTest: details echoed whatever the device sent, up to 1 M chars, and
    // Jackson's messages quote up to 500 chars of the source. A detail now echoes at most 64.
    static final String MILLION_XS = "x".repeat(1_000_000);

    static void clipped(Rejection r, Reason reason, String start) {
        assertThat(r.reason()).isEqualTo(reason);
        assertThat(r.detail()).startsWith(start).contains("x".repeat(64) + "…' (1000000 chars)").hasSizeLessThan(300);
    }

    @Test
    void aMillionCharUnitSensorTypeOrTimeIsEchoedClipped() {
        String q = "\"" + MILLION_XS + "\"";
        clipped(READINGS.decode(reading("\"s-1\"", "\"sound_level\"", OK_TIME, "60", q, "1").getBytes()).rejection(),
                Reason.UNKNOWN_UNIT, "unit 'xxx");
        clipped(READINGS.decode(reading("\"s-1\"", q, OK_TIME, "60", "\"dB\"", "1").getBytes()).rejection(),
                Reason.UNKNOWN_SENSOR_TYPE, "sensor_type 'xxx");
        clipped(READINGS.decode(reading("\"s-1\"", "\"sound_level\"", q, "60", "\"dB\"", "1").getBytes()).rejection(),
                Reason.WRONG_TYPE, "field 'capture_time' is not an ISO-8601 instant");
    }

    @Test
    void aMillionCharLabelAlertTypeOrIncidentTypeIsEchoedClipped() {
        String label = "{\"camera_id\":\"c\",\"capture_time\":" + OK_TIME + ",\"seq\":1,\"labels\":[{\"label\":\"" + MILLION_XS
                + "\",\"confidence\":0.5}]}";
        clipped(OBSERVATIONS.decode(label.getBytes()).rejection(), Reason.INVALID_VALUE, "labels[0].label 'xxx");
        clipped(AlertCodec.decode(("{\"type\":\"" + MILLION_XS + "\"}").getBytes()).rejection(), Reason.INVALID_VALUE, "type 'xxx");
        clipped(IncidentCodec.decode(("{\"type\":\"" + MILLION_XS + "\"}").getBytes()).rejection(), Reason.INVALID_VALUE, "type 'xxx");
    }

    @Test
    void aMillionCharFrameHeaderIsEchoedClipped() {
        FrameMeta m = new FrameMeta("cam-1", NOW, 1, 64, 48);
        Map<String, byte[]> time = headers(m);
        time.put(FrameCodec.CAPTURE_TIME, MILLION_XS.getBytes());
        clipped(FRAMES.decodeMeta(time).rejection(), Reason.WRONG_TYPE, "header 'capture_time' is not an ISO-8601 instant");
        Map<String, byte[]> width = headers(m);
        width.put(FrameCodec.WIDTH, MILLION_XS.getBytes());
        clipped(FRAMES.decodeMeta(width).rejection(), Reason.WRONG_TYPE, "header 'width' should be an integer");
    }

    @Test
    void jacksonQuotingItsSourceIsCutToALine() {
        // An unbalanced close makes Jackson quote the document from its root ("[Source: ...").
        Rejection r = READINGS.decode(("[" + "1,".repeat(400) + "1}").getBytes()).rejection();
        assertThat(r.reason()).isEqualTo(Reason.MALFORMED_JSON);
        assertThat(r.detail()).startsWith("not valid JSON: Unexpected close marker '}'").hasSizeLessThan(220);
    }
}
