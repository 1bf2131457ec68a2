package io.safetywatcher.alertjob.vision;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Follows people across one camera's frames, from the blobs alone (no appearance, so no
 * identities): each track predicts where its feet will be (constant velocity), blobs are
 * assigned greedily by distance within a gate scaled to a person's size at that row, a blob
 * holding several people takes several tracks (people walking past each other merge, then
 * part), and a track survives a few missed frames so a brief occlusion does not reset its
 * dwell time. Distance is weighed with colour: when two people meet and part, each track
 * goes on with the blob that looks like it (clothes), not merely the nearer one, so a
 * loiterer's dwell survives a passer-by brushing past.
 *
 * <p>Each track's erratic motion (see {@link #erratic}): a walker goes somewhere, a fighter
 * lunges and recoils on the spot. It is drawn on evidence; the frame's fight signal is
 * {@link Agitation}, because in a crowd track ids switch too often to judge motion by them.
 */
public final class Tracker {
    static final int HISTORY = 9;
    static final double MAX_NET_SHARE = 0.35;
    /** Figures smaller than this are too coarse to judge their motion. */
    static final double MIN_JUDGED_HEIGHT_PX = 30;
    /**
     * A colour difference (Euclidean, BGR 0..255) that costs as much as a whole gate of distance:
     * when two people part after meeting, each track follows the blob that looks like it.
     */
    static final double COLOUR_SCALE = 120;
    static final double COLOUR_ALPHA = 0.3;
    /**
     * The colour difference a merged blob (whose colour mixes people) is taken to have from a
     * track that knows its own: half a gate of distance. Without it (0) a loiterer's track went
     * with a passer-by walking past, when the pair parted with both blobs about as near; on the
     * simulator's quiet scenes (eval loiter, 0.02 p/m²) that broke two of three loiterers' tracks
     * in seven minutes, and with it none.
     */
    static final double UNKNOWN_LOOK = 60;
    /**
     * A track that has not had a blob to itself for this long has been inside a group: whoever it
     * follows when it comes out may be someone else, so its dwell starts again then.
     */
    static final Duration IDENTITY_WINDOW = Duration.ofSeconds(30);
    /**
     * Frames in a row a track may ride a blob beyond the people it holds (someone passing in front
     * of someone else takes a frame or two); after that the extra track lets go, or it would stay
     * glued to whoever it was last near long after the person it followed had gone.
     */
    static final int MAX_EXTRA_FRAMES = 6;
    /**
     * A track alone on its blob that has not gone half a person's height from where it was born
     * in this long is a candidate ghost (what is left in the background where someone stood
     * while the model learnt): {@link FrameAnalyzer} checks its edges before absorbing it.
     */
    static final Duration STILL_FOR = Duration.ofSeconds(4);
    /**
     * Someone whose feet stay within this many of their own heights of where they have been
     * (a running mean) is staying there; farther, and they have gone somewhere.
     */
    static final double STAY_REACH = 1.0;
    /** Staying this long alone about one place makes it a spot someone stays at (a walker crosses the reach in a second or two). */
    static final Duration LINGER = Duration.ofSeconds(10);
    /**
     * A spot no one has stayed at for this long is forgotten. Within it, whoever stays there
     * again is taken for the one who stayed before: a loiterer's track breaks whenever passers-by
     * merge with them (at 10 people in view, every 40 s or so), and what comes out of the group
     * stays on the same spot, so their dwell counts from the spot's first stay, not the new track.
     */
    static final Duration SPOT_MEMORY = Duration.ofSeconds(60);
    /** A box this close to the image's edge may be someone partly out of view. */
    static final int EDGE_PX = 2;
    /**
     * From this many people per m² in view no place is taken for a spot: in a busy view a place
     * someone stood at is stood at by someone else within the minute (at a station on a match
     * evening, spots chained walker after walker into false loiterers).
     */
    static final double SPOT_MAX_DENSITY = 0.15;

    private CameraView view;
    private final int maxMisses;
    private final List<Track> tracks = new ArrayList<>();
    private final List<Spot> spots = new ArrayList<>();
    private int nextId = 1;
    private Instant lastTime;

    /** The motion thresholds (vision.track-*): typical steps, energy smoothing, hits before motion counts. */
    private final VisionSettings.Motion motion;

    /** @param maxMisses frames a track may go unseen before it is dropped */
    public Tracker(CameraView view, int maxMisses) {
        this(view, maxMisses, VisionSettings.Motion.DEFAULTS);
    }

    public Tracker(CameraView view, int maxMisses, VisionSettings.Motion motion) {
        this.view = view;
        this.maxMisses = maxMisses;
        this.motion = motion;
    }

    private static final class Track {
        final int id;
        Instant firstSeen;
        /** When it last had a blob to itself, or was born (who it follows was last certain). */
        Instant lastAlone;
        /** Frames in a row it rode a blob beyond the people the blob holds. */
        int extraFrames;
        double x;
        double y;
        double vx;
        double vy;
        Box box;
        int hits;
        int misses;
        double speedMps;
        /** Its mean colour (B, G, R), learnt from frames where it had a blob to itself; NaN until then. */
        double cb = Double.NaN;
        double cg;
        double cr;
        /** Its erratic motion, smoothed over frames: a fight goes on, a blob swap is one glitch. */
        double energy;
        final double[] hx = new double[HISTORY];
        final double[] hy = new double[HISTORY];
        /** When each place of the history was seen, epoch ms. */
        final long[] ht = new long[HISTORY];
        int hn;

        /** Where and when it was born, and whether it has gone anywhere since. */
        final double bornX;
        final double bornY;
        final Instant bornAt;
        boolean moved;

        /** Where it has been staying (a running mean of its feet while alone), and since when within reach of it; NaN until seen alone. */
        double stayX = Double.NaN;
        double stayY;
        Instant stayingSince;
        /** Where its feet were when it began staying: a slow walker stays near its running mean but not near this. */
        double stayStartX;
        double stayStartY;
        /** The spot it stays at, whose first stay its dwell counts from while it stays there; null when it stays nowhere. */
        Spot spot;

        /** When its dwell began: its own first sighting, or the first stay at the spot it stays at, if earlier. */
        Instant dwellSince() {
            return spot != null && spot.since.isBefore(firstSeen) ? spot.since : firstSeen;
        }

        Track(int id, Instant firstSeen, double x, double y, Box box) {
            this.id = id;
            this.firstSeen = firstSeen;
            this.bornX = x;
            this.bornY = y;
            this.bornAt = firstSeen;
            this.x = x;
            this.y = y;
            this.box = box;
        }

        void remember(double px, double py, Instant at) {
            if (hn == HISTORY) {
                System.arraycopy(hx, 1, hx, 0, HISTORY - 1);
                System.arraycopy(hy, 1, hy, 0, HISTORY - 1);
                System.arraycopy(ht, 1, ht, 0, HISTORY - 1);
                hn--;
            }
            hx[hn] = px;
            hy[hn] = py;
            ht[hn] = at.toEpochMilli();
            hn++;
        }
    }

    /** A place someone stayed at: since when, and when someone last stayed there. */
    private static final class Spot {
        double x;
        double y;
        Instant since;
        Instant lastHeld;

        Spot(double x, double y, Instant since, Instant lastHeld) {
            this.x = x;
            this.y = y;
            this.since = since;
            this.lastHeld = lastHeld;
        }
    }

    /** A spot as of the last frame: where (the feet, in pixels), since when someone stays there, and when someone last did. */
    public record Place(double x, double y, Instant since, Instant lastHeld) {}

    /** The spots remembered now (for a trace of what the tracker did). */
    public List<Place> places() {
        List<Place> out = new ArrayList<>(spots.size());
        for (Spot sp : spots) {
            out.add(new Place(sp.x, sp.y, sp.since, sp.lastHeld));
        }
        return out;
    }

    /** Follows from now on with a view whose perspective was learnt. */
    void view(CameraView learnt) { this.view = learnt; }

    /**
     * @param people tracked people seen in this frame
     * @param still  boxes of tracks alone on their blob that never moved since born {@link #STILL_FOR} ago: ghost candidates
     */
    public record Result(List<TrackedPerson> people, List<Box> still, java.util.Set<Blob> going) {
        static final Result NONE = new Result(List.of(), List.of(), java.util.Set.of());

        /**
         * Whether the blob is one person going somewhere: on their own on it, followed for
         * {@link #GOING_FRAMES} frames, and carried at least {@link #GOING_MPS} over them.
         */
        public boolean going(Blob b) { return going.contains(b); }
    }

    /**
     * Net ground speed over a track's history at and above which someone alone on their blob is
     * going somewhere (a passer-by, a wanderer), not staying about a spot as fighters do, who lunge
     * and recoil about one place (0.1-0.2 m/s net).
     */
    static final double GOING_MPS = 0.3;

    /** @param densityPerM2 the people the frame counts per m² of view: in a busy view no spot is made or kept */
    public Result update(List<Blob> blobs, Instant time, double densityPerM2) {
        double dt = lastTime == null ? 0.5 : Math.max(0.05, Duration.between(lastTime, time).toMillis() / 1000.0);
        lastTime = time;
        boolean quiet = densityPerM2 < SPOT_MAX_DENSITY;
        // Candidate pairs within the gate, cheapest first: distance in gates plus colour difference.
        record Pair(Track t, int blob, double cost, boolean inside) {}
        List<Pair> pairs = new ArrayList<>();
        for (Track t : tracks) {
            double px = t.x + t.vx;
            double py = t.y + t.vy;
            double gate = Math.max(12, view.personHeightPx(py)) * (1 + 0.25 * Math.min(t.misses, 4));
            for (int b = 0; b < blobs.size(); b++) {
                double d = distance(px, py, blobs.get(b).box());
                if (d <= gate) {
                    pairs.add(new Pair(t, b, d / gate + colourDistance(t, blobs.get(b)) / COLOUR_SCALE,
                            t.misses == 0 && d <= 0.25 * gate));
                }
            }
        }
        // Tracks seen last frame choose first: a track lost for a while must not steal a neighbour's blob.
        pairs.sort(Comparator.comparingInt((Pair p) -> p.t().misses).thenComparingDouble(Pair::cost));
        int[] taken = new int[blobs.size()];
        List<List<Track>> byBlob = new ArrayList<>();
        for (int b = 0; b < blobs.size(); b++) {
            byBlob.add(new ArrayList<>());
        }
        java.util.Set<Track> matched = new java.util.HashSet<>();
        for (Pair p : pairs) {
            // A blob takes as many tracks as it holds people, and also every track seen last frame that walked
            // right into it: two people overlapping at different depths make one blob of about one person's area.
            if (matched.contains(p.t()) || taken[p.blob()] >= Math.max(1, blobs.get(p.blob()).people()) && !p.inside()) {
                continue;
            }
            matched.add(p.t());
            taken[p.blob()]++;
            byBlob.get(p.blob()).add(p.t());
        }
        for (int b = 0; b < blobs.size(); b++) {
            // More tracks than people on a blob: the longest-followed keep it; the others may ride along
            // for a few frames (someone passing in front), then let go.
            List<Track> mine = byBlob.get(b);
            int room = Math.max(1, blobs.get(b).people());
            mine.sort(Comparator.comparingInt((Track t) -> -t.hits));
            for (int k = 0; k < mine.size(); k++) {
                Track t = mine.get(k);
                t.extraFrames = k < room ? 0 : t.extraFrames + 1;
                if (t.extraFrames > MAX_EXTRA_FRAMES) {
                    matched.remove(t);
                    mine.remove(k--);
                }
            }
        }
        for (int b = 0; b < blobs.size(); b++) {
            Blob blob = blobs.get(b);
            Box box = blob.box();
            double bx = box.centreX();
            double by = box.footRow();
            List<Track> mine = byBlob.get(b);
            for (Track t : mine) {
                double nx;
                double ny;
                if (mine.size() == 1 && blob.people() <= 1) {
                    nx = bx;
                    ny = by;
                    learnColour(t, blob);
                    if (Duration.between(t.lastAlone, time).compareTo(IDENTITY_WINDOW) > 0) {
                        t.firstSeen = time;
                        t.stayX = Double.NaN; // who came out must stay a while on their own before a spot is theirs
                        t.spot = null;
                    }
                    t.lastAlone = time;
                    if (quiet && whollyInView(box) && personShaped(box)) {
                        stay(t, nx, ny, time);
                    }
                } else {
                    // Shared: keep each one's own prediction, held inside the blob, so they part correctly.
                    nx = clamp(t.x + t.vx, box.x(), box.x() + box.w());
                    ny = clamp(t.y + t.vy, box.y() + box.h() * 0.5, box.footRow());
                }
                t.vx = 0.5 * t.vx + 0.5 * (nx - t.x);
                t.vy = 0.5 * t.vy + 0.5 * (ny - t.y);
                t.speedMps = Math.hypot(nx - t.x, ny - t.y) * view.metresPerPixel(ny) / dt;
                t.x = nx;
                t.y = ny;
                t.moved |= Math.hypot(nx - t.bornX, ny - t.bornY) > 0.5 * view.personHeightPx(ny);
                t.box = box;
                t.hits++;
                t.misses = 0;
                // What was observed: the blob's own position (a group's centre jitters when it fights).
                t.remember(bx, box.y() + box.h() / 2.0, time);
            }
            for (int k = mine.size(); k < Math.max(1, blob.people()); k++) {
                double nx = blob.people() <= 1 ? bx : box.x() + box.w() * (k + 0.5) / blob.people();
                Track t = new Track(nextId++, time, nx, by, box);
                t.lastAlone = time;
                t.hits = 1;
                if (blob.people() <= 1) {
                    learnColour(t, blob);
                }
                t.remember(bx, box.y() + box.h() / 2.0, time);
                tracks.add(t);
                matched.add(t);
            }
        }
        List<Track> gone = new ArrayList<>();
        for (Track t : tracks) {
            if (matched.contains(t)) {
                continue;
            }
            t.misses++;
            t.hn = 0; // its motion is judged again only after frames seen in a row
            t.x += t.vx;
            t.y += t.vy;
            t.vx *= 0.5;
            t.vy *= 0.5;
            boolean outside = t.x < -view.width() * 0.1 || t.x > view.width() * 1.1 || t.y > view.height() * 1.2 || t.y < view.horizonRow();
            if (t.misses > maxMisses || outside) {
                gone.add(t);
            }
        }
        tracks.removeAll(gone);
        spots.removeIf(sp -> Duration.between(sp.lastHeld, time).compareTo(SPOT_MEMORY) > 0);
        java.util.Set<Blob> going = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        for (int b = 0; b < blobs.size(); b++) {
            List<Track> mine = byBlob.get(b);
            if (mine.size() == 1 && blobs.get(b).people() <= 1 && netMps(mine.get(0)) >= GOING_MPS) {
                going.add(blobs.get(b));
            }
        }
        List<TrackedPerson> people = new ArrayList<>();
        List<Box> still = new ArrayList<>();
        for (Track t : tracks) {
            if (t.misses == 0 && !t.moved && time.equals(t.lastAlone) && Duration.between(t.bornAt, time).compareTo(STILL_FOR) >= 0) {
                still.add(t.box);
            }
            if (t.misses == 0 && t.hits >= 2) {
                t.energy = motion.trackAlpha() * erratic(t) + (1 - motion.trackAlpha()) * t.energy;
                people.add(new TrackedPerson(t.id, t.dwellSince(), t.lastAlone, t.box, t.speedMps, t.hits >= motion.trackMinHits() ? t.energy : 0));
            }
        }
        return new Result(people, still, going);
    }

    /**
     * How fast, over the ground, the track got across its last {@link #GOING_FRAMES} places, if
     * it went rather straight (net at least {@link #GOING_STRAIGHT} of its path); 0 otherwise, or
     * with fewer places. A fighter's lunges and recoils add up to a long path that goes nowhere.
     */
    private double netMps(Track t) {
        if (t.hn < GOING_FRAMES) {
            return 0;
        }
        int first = t.hn - GOING_FRAMES;
        double path = 0;
        for (int i = first + 1; i < t.hn; i++) {
            path += Math.hypot(t.hx[i] - t.hx[i - 1], t.hy[i] - t.hy[i - 1]);
        }
        double netPx = Math.hypot(t.hx[t.hn - 1] - t.hx[first], t.hy[t.hn - 1] - t.hy[first]);
        double seconds = (t.ht[t.hn - 1] - t.ht[first]) / 1000.0;
        if (seconds <= 0 || netPx < GOING_STRAIGHT * path) {
            return 0;
        }
        return netPx * view.metresPerPixel(t.hy[t.hn - 1]) / seconds;
    }

    /** The frames over which a track's going is judged (2 s at 2 fps): a wanderer who turns is judged again soon. */
    static final int GOING_FRAMES = 5;
    /** The share of its path a track's net displacement must be for it to count as going somewhere. */
    static final double GOING_STRAIGHT = 0.5;

    /**
     * Where a track alone on its blob (seen whole, one person's shape, in a view that is not busy)
     * has been staying: once it has stayed {@link #LINGER} about
     * one place, that place is a spot, and while it stays there its dwell counts from the spot's
     * first stay when that is earlier (someone stayed there within {@link #SPOT_MEMORY}: the same
     * person, whose track broke in a group).
     */
    private void stay(Track t, double x, double y, Instant time) {
        double reach = STAY_REACH * Math.max(12, view.personHeightPx(y));
        if (Double.isNaN(t.stayX) || Math.hypot(x - t.stayX, y - t.stayY) > reach) {
            // Gone somewhere: a spot's dwell goes no farther than the spot (a passer-by the track slipped onto walks off).
            t.stayX = x;
            t.stayY = y;
            t.stayStartX = x;
            t.stayStartY = y;
            t.stayingSince = time;
            t.spot = null;
            return;
        }
        t.stayX += 0.1 * (x - t.stayX);
        t.stayY += 0.1 * (y - t.stayY);
        if (Duration.between(t.stayingSince, time).compareTo(LINGER) < 0) {
            return;
        }
        if (t.spot == null && Math.hypot(x - t.stayStartX, y - t.stayStartY) > reach) {
            // The running mean lags a walker by a constant distance, so a slow one stays near it;
            // they have still left where they began.
            return;
        }
        Spot nearest = null;
        double best = reach;
        for (Spot sp : spots) {
            double d = Math.hypot(sp.x - t.stayX, sp.y - t.stayY);
            if (d <= best) {
                best = d;
                nearest = sp;
            }
        }
        if (nearest == null) {
            nearest = new Spot(t.stayX, t.stayY, t.firstSeen, time);
            spots.add(nearest);
        }
        if (t.firstSeen.isBefore(nearest.since)) {
            nearest.since = t.firstSeen;
        }
        t.spot = nearest;
        nearest.x = t.stayX;
        nearest.y = t.stayY;
        nearest.lastHeld = time;
    }

    /** Whether a box is clear of the image's left, right and bottom edges (a person cut off there is partly out of view). */
    private boolean whollyInView(Box b) {
        return b.x() > EDGE_PX && b.x() + b.w() < view.width() - EDGE_PX && b.footRow() < view.height() - EDGE_PX;
    }

    /** Whether a box is about one standing person: their height at that row, narrower than tall (not two side by side). */
    private boolean personShaped(Box b) {
        double h = view.personHeightPx(b.footRow());
        return b.h() >= 0.6 * h && b.h() <= 1.5 * h && b.w() <= 0.8 * b.h();
    }

    /**
     * How differently a blob looks from a track: 0 when the track's colour is unknown; when the
     * blob's is (a merged blob mixes people), {@link #UNKNOWN_LOOK}, so a track that knows its
     * colour goes on with a lone blob that looks like it rather than with a group just as near.
     */
    private static double colourDistance(Track t, Blob b) {
        double[] c = b.bgr();
        if (Double.isNaN(t.cb)) {
            return 0;
        }
        if (c == null || b.people() > 1) {
            return UNKNOWN_LOOK;
        }
        return Math.sqrt(sq(t.cb - c[0]) + sq(t.cg - c[1]) + sq(t.cr - c[2]));
    }

    private static void learnColour(Track t, Blob b) {
        double[] c = b.bgr();
        if (c == null) {
            return;
        }
        if (Double.isNaN(t.cb)) {
            t.cb = c[0];
            t.cg = c[1];
            t.cr = c[2];
        } else {
            t.cb += COLOUR_ALPHA * (c[0] - t.cb);
            t.cg += COLOUR_ALPHA * (c[1] - t.cg);
            t.cr += COLOUR_ALPHA * (c[2] - t.cr);
        }
    }

    private static double sq(double v) { return v * v; }

    /** Ends every track (after a gap in the camera's frames). */
    void reset() {
        tracks.clear();
        spots.clear();
        lastTime = null;
    }

    /** How many tracks are kept (seen or briefly missed); for tests and the bench. */
    int size() { return tracks.size(); }

    /**
     * Violent motion on the spot: over the last {@link #HISTORY} frames the track went almost
     * nowhere (net displacement under {@link #MAX_NET_SHARE} of the path) while its typical
     * (median) step was large. A walker goes somewhere; someone standing barely moves; a
     * one-frame jump (two people swapping blobs) does not move the median.
     */
    private double erratic(Track t) {
        if (t.hn < HISTORY || view.personHeightPx(t.y) < MIN_JUDGED_HEIGHT_PX) {
            return 0;
        }
        double m = view.metresPerPixel(t.y);
        double[] steps = new double[t.hn - 1];
        double path = 0;
        for (int i = 1; i < t.hn; i++) {
            steps[i - 1] = Math.hypot(t.hx[i] - t.hx[i - 1], t.hy[i] - t.hy[i - 1]) * m;
            path += steps[i - 1];
        }
        double net = Math.hypot(t.hx[t.hn - 1] - t.hx[0], t.hy[t.hn - 1] - t.hy[0]) * m;
        if (path <= 0 || net > MAX_NET_SHARE * path) {
            return 0;
        }
        java.util.Arrays.sort(steps);
        double median = steps[steps.length / 2];
        return median < motion.trackMinStepM() ? 0 : Math.min(1, median / motion.trackFullStepM());
    }

    /** From a point to the lower half of a box (where the feet are), 0 inside. */
    private static double distance(double px, double py, Box b) {
        double dx = px < b.x() ? b.x() - px : px > b.x() + b.w() ? px - b.x() - b.w() : 0;
        double top = b.y() + b.h() * 0.5;
        double dy = py < top ? top - py : py > b.footRow() ? py - b.footRow() : 0;
        return Math.hypot(dx, dy) + 0.01 * Math.abs(px - b.centreX());
    }

    private static double clamp(double v, double lo, double hi) { return Math.max(lo, Math.min(hi, v)); }
}
