package io.safetywatcher.analytics.risk;

import io.safetywatcher.alertjob.detect.ZoneDetection;
import io.safetywatcher.alertjob.detect.ZoneDetectionState;
import io.safetywatcher.alertjob.detect.ZoneInput;
import io.safetywatcher.common.risk.RiskFeatures;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * The history replayed through the alert job's own detectors, so the features the model learns
 * from are exactly those the stream grades with (no train/serve skew). Inputs come sorted by
 * zone, then event time (as the stream sees a zone's inputs); each zone starts from a fresh state,
 * as a stream started at the range's first instant would. A zone-minute is kept only when a
 * density input graded it: the stream asks its scorer nothing in other minutes.
 *
 * <p>Of the gradings in one minute the densest is kept (the latest of equals): an alert fires if
 * any grading of the minute is graded so, and the densest is the one nearest the minute's peak,
 * where the last one could be a lull after it.
 */
public final class MinuteReplay {
    private final ZoneDetection detection;

    public MinuteReplay(ZoneDetection detection) {
        this.detection = detection;
    }

    /** The zone-minutes of these inputs, sorted by zone then event time, in that order. */
    public List<ZoneMinute> replay(Iterator<? extends ZoneInput> inputs) {
        List<ZoneMinute> out = new ArrayList<>();
        Minutes minutes = new Minutes(out);
        detection.listen(minutes::graded);
        String zone = null;
        ZoneDetectionState state = null;
        while (inputs.hasNext()) {
            ZoneInput in = inputs.next();
            if (!in.zone().equals(zone)) {
                minutes.flush();
                zone = in.zone();
                state = new ZoneDetectionState();
            }
            detection.detect(in, state);
        }
        minutes.flush();
        return out;
    }

    /** Keeps the current zone-minute's densest grading; emits it when the next minute or zone begins. */
    private static final class Minutes {
        private final List<ZoneMinute> out;
        private ZoneMinute current;

        Minutes(List<ZoneMinute> out) {
            this.out = out;
        }

        void graded(String zone, Instant time, RiskFeatures f) {
            Instant minute = time.truncatedTo(ChronoUnit.MINUTES);
            if (current != null && current.zone().equals(zone) && current.minute().equals(minute)) {
                if (f.density() >= current.features().density()) {
                    current = new ZoneMinute(zone, minute, f);
                }
                return;
            }
            flush();
            current = new ZoneMinute(zone, minute, f);
        }

        void flush() {
            if (current != null) {
                out.add(current);
                current = null;
            }
        }
    }
}
