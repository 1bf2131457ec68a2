package io.safetywatcher.common.codec;

import io.safetywatcher.common.event.Frame;
import io.safetywatcher.common.event.FrameMeta;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code sw.frames}: the value is the JPEG, the metadata rides in record headers
 * ({@value #CAMERA_ID}, {@value #CAPTURE_TIME}, {@value #SEQ}, {@value #WIDTH}, {@value #HEIGHT}).
 * Decoding checks the JPEG's structure cheaply (markers, the frame header's size, and the
 * Huffman-coded scan data read through without decoding pixels), so bad frames are refused before they reach a camera's background model.
 */
public final class FrameCodec {
    public static final String CAMERA_ID = "camera_id";
    public static final String CAPTURE_TIME = "capture_time";
    public static final String SEQ = "seq";
    public static final String WIDTH = "width";
    public static final String HEIGHT = "height";
    private static final int MAX_SIDE = 8192;

    private final TimeBounds bounds;
    private final Clock clock;

    public FrameCodec(TimeBounds bounds, Clock clock) {
        this.bounds = bounds;
        this.clock = clock;
    }

    public static FrameCodec standard() { return new FrameCodec(TimeBounds.DEFAULT, Clock.systemUTC()); }

    /** The record headers for a frame, in a stable order. */
    public Map<String, byte[]> headers(FrameMeta m) {
        Map<String, byte[]> h = new LinkedHashMap<>();
        h.put(CAMERA_ID, utf8(m.cameraId()));
        h.put(CAPTURE_TIME, utf8(m.captureTime().toString()));
        h.put(SEQ, utf8(Long.toString(m.seq())));
        h.put(WIDTH, utf8(Integer.toString(m.width())));
        h.put(HEIGHT, utf8(Integer.toString(m.height())));
        return h;
    }

    /** Only the metadata, for when the pixels are not needed (or not there). */
    public Decoded<FrameMeta> decodeMeta(Map<String, byte[]> headers) {
        try {
            return Decoded.ok(meta(headers));
        } catch (RejectedInput e) {
            return new Decoded.Rejected<>(e.rejection);
        }
    }

    public Decoded<Frame> decode(Map<String, byte[]> headers, byte[] jpeg) {
        try {
            FrameMeta meta = meta(headers);
            checkJpeg(jpeg, meta);
            return Decoded.ok(new Frame(meta, jpeg));
        } catch (RejectedInput e) {
            return new Decoded.Rejected<>(e.rejection);
        }
    }

    private FrameMeta meta(Map<String, byte[]> headers) {
        String camera = header(headers, CAMERA_ID);
        String ts = header(headers, CAPTURE_TIME);
        Instant t;
        try {
            t = Instant.parse(ts);
        } catch (DateTimeParseException e) {
            throw new RejectedInput(Reason.WRONG_TYPE, "header '" + CAPTURE_TIME + "' is not an ISO-8601 instant: " + Fields.quoted(ts));
        }
        bounds.check(CAPTURE_TIME, t, clock.instant());
        long seq = number(headers, SEQ);
        long w = number(headers, WIDTH);
        long h = number(headers, HEIGHT);
        if (w <= 0 || h <= 0 || w > MAX_SIDE || h > MAX_SIDE) {
            throw new RejectedInput(Reason.OUT_OF_RANGE, "frame size " + w + "x" + h + " is outside 1.." + MAX_SIDE);
        }
        return new FrameMeta(camera, t, seq, (int) w, (int) h);
    }

    private static String header(Map<String, byte[]> headers, String name) {
        byte[] v = headers.get(name);
        if (v == null || v.length == 0) {
            throw new RejectedInput(Reason.MISSING_HEADER, "header '" + name + "' is missing");
        }
        return new String(v, StandardCharsets.UTF_8);
    }

    private static long number(Map<String, byte[]> headers, String name) {
        String s = header(headers, name);
        try {
            return Long.parseLong(s.trim());
        } catch (NumberFormatException e) {
            throw new RejectedInput(Reason.WRONG_TYPE, "header '" + name + "' should be an integer but is " + Fields.quoted(s));
        }
    }

    /**
     * The same structural checks for a JPEG on its own (a consumer that decodes pixels checks
     * first, so a broken file never reaches its model): null when sound.
     */
    public static Rejection structureProblem(byte[] jpeg, int width, int height) {
        try {
            checkJpeg(jpeg, new FrameMeta("-", java.time.Instant.EPOCH, 0, width, height));
            return null;
        } catch (RejectedInput e) {
            return e.rejection;
        }
    }

    /**
     * Start and end markers present, the frame header's size equal to the headers' claim, and
     * the entropy-coded data sound ({@link JpegScan}).
     */
    private static void checkJpeg(byte[] b, FrameMeta meta) {
        if (b == null || b.length == 0) {
            throw new RejectedInput(Reason.EMPTY_PAYLOAD, "the frame has zero bytes");
        }
        if (b.length < 4 || (b[0] & 0xFF) != 0xFF || (b[1] & 0xFF) != 0xD8) {
            throw new RejectedInput(Reason.NOT_JPEG, "the frame does not start with a JPEG start-of-image marker");
        }
        if ((b[b.length - 2] & 0xFF) != 0xFF || (b[b.length - 1] & 0xFF) != 0xD9) {
            throw new RejectedInput(Reason.TRUNCATED_JPEG, "the JPEG has no end-of-image marker (" + b.length + " bytes): truncated");
        }
        int[] size = sofSize(b);
        if (size == null) {
            throw new RejectedInput(Reason.CORRUPT_JPEG, "the JPEG has no readable frame header");
        }
        if (size[0] != meta.width() || size[1] != meta.height()) {
            throw new RejectedInput(Reason.WRONG_SIZE, "the JPEG is " + size[0] + "x" + size[1]
                    + " but its headers say " + meta.width() + "x" + meta.height());
        }
        // Markers intact but scan data scrambled: OpenCV decodes it with warnings only, into garbage.
        String scan = JpegScan.problem(b);
        if (scan != null) {
            throw new RejectedInput(Reason.CORRUPT_JPEG, "the JPEG's scan data is corrupt: " + scan);
        }
    }

    /**
     * Walks the marker segments up to start-of-scan looking for a start-of-frame; {width, height},
     * or null when there is none (the camera gateway learns a real camera's frame size from it).
     */
    public static int[] sofSize(byte[] b) {
        int i = 2;
        while (i + 4 <= b.length) {
            if ((b[i] & 0xFF) != 0xFF) {
                return null;
            }
            int marker = b[i + 1] & 0xFF;
            if (marker == 0xFF) { // fill byte
                i++;
                continue;
            }
            if (marker == 0xD8 || marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) {
                i += 2;
                continue;
            }
            int len = ((b[i + 2] & 0xFF) << 8) | (b[i + 3] & 0xFF);
            if (len < 2 || i + 2 + len > b.length) {
                return null;
            }
            boolean sof = marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
            if (sof) {
                if (len < 7) {
                    return null;
                }
                int h = ((b[i + 5] & 0xFF) << 8) | (b[i + 6] & 0xFF);
                int w = ((b[i + 7] & 0xFF) << 8) | (b[i + 8] & 0xFF);
                return new int[] {w, h};
            }
            if (marker == 0xDA) {
                return null;
            }
            i += 2 + len;
        }
        return null;
    }

    private static byte[] utf8(String s) { return s.getBytes(StandardCharsets.UTF_8); }
}
