package io.safetywatcher.cli.eval;

import com.fasterxml.jackson.core.JsonGenerator;
import io.safetywatcher.alertjob.vision.Box;
import io.safetywatcher.alertjob.vision.FrameFeatures;
import io.safetywatcher.alertjob.vision.TrackedPerson;
import io.safetywatcher.alertjob.vision.Tracker;
import io.safetywatcher.alertjob.vision.Verdict;
import io.safetywatcher.common.codec.Json;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.zip.GZIPOutputStream;

/**
 * What each camera's analyzer made of each frame of one offline scenario, one JSON object per
 * line, gzipped ({@code eval --offline --trace DIR}: {@code DIR/NAME.trace.jsonl.gz}): the
 * count, the motion, every tracked person with the time their dwell counts from, and the spots
 * the tracker remembers. An alert's evidence says what fired; this says how the camera got
 * there, frame by frame (why a dwell grew past the limit, where a track broke).
 *
 * <p>A line: {@code {"t", "camera", "zone", "seq", "verdict"}}, then for an analysed frame
 * {@code "warm", "calibrated", "count", "crowd", "motion", "people": [{"id", "since", "alone",
 * "box": [x, y, w, h], "speed", "erratic"}], "spots": [{"x", "y", "since", "last"}]}, for a
 * refused one {@code "reason", "detail"}. One scenario, one thread: not thread-safe.
 */
final class FrameTrace implements AutoCloseable {
    static final String SUFFIX = ".trace.jsonl.gz";

    private final Path file;
    private final JsonGenerator out;
    /**
     * The first write that failed. {@link #frame} runs inside the frame analysis, which takes any
     * exception for a frame it cannot analyse and refuses the frame, so a full disk would quietly
     * turn into refused frames; the trace stops instead, and {@link #close} reports it.
     */
    private IOException failed;

    private FrameTrace(Path file, JsonGenerator out) {
        this.file = file;
        this.out = out;
    }

    /** Starts {@code DIR/NAME.trace.jsonl.gz}, replacing any earlier trace of that scenario. */
    static FrameTrace open(Path dir, String scenario) {
        Path file = dir.resolve(scenario + SUFFIX);
        try {
            OutputStream os = new BufferedOutputStream(new GZIPOutputStream(Files.newOutputStream(file), 1 << 16), 1 << 16);
            JsonGenerator g = Json.MAPPER.getFactory().createGenerator(os);
            g.setRootValueSeparator(null);
            return new FrameTrace(file, g);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the trace " + file + ": " + e.getMessage(), e);
        }
    }

    /** One frame's verdict, and the spots its camera's tracker remembers after it. */
    void frame(String camera, String zone, Instant time, long seq, Verdict verdict, List<Tracker.Place> spots) {
        if (failed != null) {
            return;
        }
        try {
            out.writeStartObject();
            out.writeStringField("t", time.toString());
            out.writeStringField("camera", camera);
            out.writeStringField("zone", zone);
            out.writeNumberField("seq", seq);
            if (verdict instanceof Verdict.Analysed a) {
                analysed(a.features(), spots);
            } else if (verdict instanceof Verdict.Refused r) {
                out.writeStringField("verdict", "refused");
                out.writeStringField("reason", r.reason().id());
                out.writeStringField("detail", r.detail());
            } else if (verdict instanceof Verdict.Skipped s) {
                out.writeStringField("verdict", "skipped");
                out.writeStringField("detail", s.why());
            }
            out.writeEndObject();
            out.writeRaw('\n');
        } catch (IOException e) {
            failed = e;
        }
    }

    private void analysed(FrameFeatures f, List<Tracker.Place> spots) throws IOException {
        out.writeStringField("verdict", "analysed");
        out.writeBooleanField("warm", f.warm());
        out.writeBooleanField("calibrated", f.calibrated());
        out.writeNumberField("count", f.peopleCount());
        out.writeNumberField("crowd", f.crowdPeople());
        out.writeNumberField("motion", round(f.motionEnergy()));
        out.writeArrayFieldStart("people");
        for (TrackedPerson p : f.people()) {
            out.writeStartObject();
            out.writeNumberField("id", p.id());
            out.writeStringField("since", p.firstSeen().toString());
            out.writeStringField("alone", p.lastAlone() == null ? null : p.lastAlone().toString());
            Box b = p.box();
            out.writeArrayFieldStart("box");
            out.writeNumber(b.x());
            out.writeNumber(b.y());
            out.writeNumber(b.w());
            out.writeNumber(b.h());
            out.writeEndArray();
            out.writeNumberField("speed", round(p.speedMps()));
            out.writeNumberField("erratic", round(p.erratic()));
            out.writeEndObject();
        }
        out.writeEndArray();
        out.writeArrayFieldStart("spots");
        for (Tracker.Place s : spots) {
            out.writeStartObject();
            out.writeNumberField("x", Math.round(s.x()));
            out.writeNumberField("y", Math.round(s.y()));
            out.writeStringField("since", s.since().toString());
            out.writeStringField("last", s.lastHeld().toString());
            out.writeEndObject();
        }
        out.writeEndArray();
    }

    private static double round(double v) {
        return Double.isFinite(v) ? Math.round(v * 1000) / 1000.0 : 0;
    }

    /** Finishes the file; throws if any write failed, with the first failure. */
    @Override
    public void close() {
        try {
            out.close();
        } catch (IOException e) {
            if (failed == null) {
                failed = e;
            }
        }
        if (failed != null) {
            throw new UncheckedIOException("cannot write the trace " + file + ": " + failed.getMessage(), failed);
        }
    }
}
