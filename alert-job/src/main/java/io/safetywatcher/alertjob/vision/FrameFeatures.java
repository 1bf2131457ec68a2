package io.safetywatcher.alertjob.vision;

import java.io.Serializable;
import java.time.Instant;
import java.util.List;

/**
 * What one frame shows, per the camera's model.
 *
 * @param warm            false while the background model is still learning: counts are not to be trusted yet
 * @param peopleCount     people in view
 * @param motionEnergy    0..1, how persistently people in view move violently on the spot (see {@link Agitation})
 * @param foregroundShare share of the image that differs from the background
 * @param calibrated      false while the camera has not yet learnt its perspective from the people it saw: the
 *                        count rests on the registry's mounting (or the defaults) and is uncertain
 * @param view            the camera's health statistics of this frame; null where none were measured
 * @param crowdPeople     of {@code peopleCount}, those estimated from blobs too dense to separate (see {@link CrowdCount})
 */
public record FrameFeatures(Instant time, long seq, boolean warm, int peopleCount, double motionEnergy, double foregroundShare,
                            List<Blob> blobs, List<TrackedPerson> people, boolean calibrated, ViewStats view, int crowdPeople)
        implements Serializable {
    public FrameFeatures {
        blobs = List.copyOf(blobs);
        people = List.copyOf(people);
        crowdPeople = Math.min(crowdPeople, peopleCount);
    }

    /** Nobody estimated from merged blobs. */
    public FrameFeatures(Instant time, long seq, boolean warm, int peopleCount, double motionEnergy, double foregroundShare,
                         List<Blob> blobs, List<TrackedPerson> people, boolean calibrated, ViewStats view) {
        this(time, seq, warm, peopleCount, motionEnergy, foregroundShare, blobs, people, calibrated, view, 0);
    }

    /** How the people were counted, and how far to trust it. */
    public CrowdCount count() { return new CrowdCount(peopleCount, crowdPeople, calibrated); }

    /** Without the view's statistics. */
    public FrameFeatures(Instant time, long seq, boolean warm, int peopleCount, double motionEnergy, double foregroundShare,
                         List<Blob> blobs, List<TrackedPerson> people, boolean calibrated) {
        this(time, seq, warm, peopleCount, motionEnergy, foregroundShare, blobs, people, calibrated, null);
    }

    /**
     * The boxes drawn on evidence, as JSON: tracked people with their ids, then blobs, whether the
     * count was made with a learnt perspective (false: uncertain), and its confidence ("low": too
     * dense to count one by one, with how many were estimated from merged blobs). No identities.
     */
    public String boxesJson() {
        StringBuilder s = new StringBuilder("{\"calibrated\":" + calibrated + ",\"confidence\":\"" + count().confidence().id()
                + "\",\"crowd_people\":" + crowdPeople + ",\"people\":[");
        for (int i = 0; i < people.size(); i++) {
            TrackedPerson p = people.get(i);
            Box b = p.box();
            s.append(i == 0 ? "" : ",").append(String.format(java.util.Locale.ROOT,
                    "{\"track\":%d,\"x\":%d,\"y\":%d,\"w\":%d,\"h\":%d,\"speed_mps\":%.2f,\"dwell_s\":%d,\"alone_s_ago\":%d,\"erratic\":%.2f}",
                    p.id(), b.x(), b.y(), b.w(), b.h(), p.speedMps(), java.time.Duration.between(p.firstSeen(), time).toSeconds(),
                    java.time.Duration.between(p.lastAlone(), time).toSeconds(), p.erratic()));
        }
        s.append("],\"blobs\":[");
        for (int i = 0; i < blobs.size(); i++) {
            Blob bl = blobs.get(i);
            Box b = bl.box();
            s.append(i == 0 ? "" : ",").append(String.format(java.util.Locale.ROOT, "{\"x\":%d,\"y\":%d,\"w\":%d,\"h\":%d,\"people\":%d}",
                    b.x(), b.y(), b.w(), b.h(), bl.people()));
        }
        return s.append("]}").toString();
    }
}
