package io.safetywatcher.alertjob.vision;

import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every camera's extractor in this JVM, keyed by camera. Frames are keyed by camera in Kafka,
 * so one camera's frames always arrive through one partition, read by one task at a time:
 * its model lives on the executor that reads that partition. Nothing here is checkpointed;
 * a restarted job starts each model afresh and warms it up again (about 10 s of frames).
 * A camera whose view changes (re-registered with another size or area) gets a new model.
 */
public final class CameraModels {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(CameraModels.class);
    private static final Map<String, FrameAnalyzer> MODELS = new ConcurrentHashMap<>();

    private CameraModels() {}

    public static Verdict analyze(String cameraId, CameraView view, VisionSettings settings, byte[] jpeg, Instant time, long seq) {
        FrameAnalyzer a = MODELS.compute(cameraId, (id, old) -> {
            if (old != null && old.view().equals(view)) {
                return old;
            }
            if (old != null) {
                old.close();
            }
            return new FrameAnalyzer(view, settings);
        });
        synchronized (a) {
            boolean before = a.calibration().calibrated();
            Verdict v = a.analyze(jpeg, time, seq);
            if (a.calibration().calibrated() != before) {
                // Once a camera, when it first learns its perspective from the people it saw (or loses its trust in it).
                LOG.info("camera {} {}", cameraId, a.calibration().describe(view.height()));
            }
            return v;
        }
    }

    /** How many cameras have a model here. */
    public static int size() { return MODELS.size(); }

    /** Drops every model (tests, the bench): the next frames warm up new ones. */
    public static void clear() {
        MODELS.values().removeIf(a -> {
            synchronized (a) {
                a.close();
            }
            return true;
        });
    }
}
