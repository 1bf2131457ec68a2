package io.safetywatcher.alertjob.detect;

import io.safetywatcher.alertjob.rules.RuleSet;
import io.safetywatcher.alertjob.rules.Zone;
import io.safetywatcher.common.event.AlertType;

import java.io.Serializable;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Loitering: someone tracked in view longer than the zone allows. Stateless: the tracker
 * carries each person's first sighting. One alert per camera, however many loiter. Time spent
 * in a crowd does not count: the dwell starts when the zone was last crowded, if that is later.
 * Nor does a track that has been inside a group (no blob to itself) for more than
 * {@link #ALONE_WITHIN}: it may have passed from one person to another in there (after a
 * surge, tracks held inside large merged blobs for minutes gave false loiterers).
 */
public final class LoiteringDetector implements Serializable {
    static final Duration ALONE_WITHIN = Duration.ofSeconds(30);

    private final RuleSet rules;

    public LoiteringDetector(RuleSet rules) {
        this.rules = rules;
    }

    /** @param crowdedAt the last time the zone was crowded, or null */
    public List<Condition> detect(CameraFeatures f, Zone zone, Instant crowdedAt) {
        Fingerprint fp = new Fingerprint(AlertType.LOITERING, f.zone(), f.cameraId());
        Duration longest = Duration.ZERO;
        int loiterers = 0;
        for (Track t : f.tracks()) {
            if (!t.aloneWithin(ALONE_WITHIN, f.time())) {
                continue;
            }
            Duration dwell = crowdedAt != null && crowdedAt.isAfter(t.firstSeen())
                    ? Duration.between(crowdedAt, f.time()) : t.dwellAt(f.time());
            if (dwell.compareTo(zone.maxDwell()) > 0) {
                loiterers++;
            }
            if (dwell.compareTo(longest) > 0) {
                longest = dwell;
            }
        }
        if (loiterers == 0) {
            return List.of(Condition.clear(fp, f.time(), List.of(f.cameraId())));
        }
        String summary = loiterers + (loiterers == 1 ? " person" : " people") + " in view of " + f.cameraId() + " in " + f.zone()
                + " longer than the " + RuleSet.formatDuration(zone.maxDwell()) + " allowed (longest "
                + RuleSet.formatDuration(Duration.ofSeconds(longest.toSeconds())) + ")";
        double score = (double) longest.toMillis() / (2.0 * zone.maxDwell().toMillis());
        return List.of(Condition.active(fp, f.time(), rules.alert(AlertType.LOITERING).severity(), score, summary,
                List.of(f.cameraId()), List.of(f.evidence())));
    }
}
