package io.safetywatcher.simulator.world;

import io.safetywatcher.simulator.city.Zone;
import io.safetywatcher.simulator.incident.IncidentTimeline;
import io.safetywatcher.simulator.incident.InjectedIncident;
import io.safetywatcher.simulator.life.NormalLife;

import java.util.List;

/** The state of a zone at a moment: normal life, bent by whatever incidents are under way. */
public final class Conditions {
    /** How long a crowd takes to thin out again once an incident ends. */
    public static final long AFTERMATH_MS = 120_000;

    private final NormalLife life;
    private final IncidentTimeline timeline;

    public Conditions(NormalLife life, IncidentTimeline timeline) {
        this.life = life;
        this.timeline = timeline;
    }

    public NormalLife life() { return life; }

    public IncidentTimeline timeline() { return timeline; }

    /** Incidents of the zone under way at any point of (t - lookBack, t]. */
    public List<InjectedIncident> incidents(Zone z, long t, long lookBackMs) {
        return timeline.overlapping(z.id(), t - lookBackMs - AFTERMATH_MS, t + 1);
    }

    /** People per m²: normal life, raised by a crowd incident, thinned after shots. */
    public double density(Zone z, long t) {
        double base = life.density(z, t);
        double d = base;
        for (InjectedIncident i : timeline.overlapping(z.id(), t - AFTERMATH_MS - 180_000, t + 1)) {
            double s = i.intensity();
            long since = t - i.startMs();
            long after = t - i.endMs();
            switch (i.type()) {
                case CROWD_DENSITY -> {
                    double target = 3.6 + 2.0 * s; // Fruin: contact at 3.6, dangerous at 5.5
                    d = Math.max(d, blend(base, target, since, after, 90_000));
                }
                case CROWD_SURGE -> {
                    // Density climbing toward danger over the incident, fastest near the end, topping out
                    // for its last tenth.
                    double peak = 2.5 + 4.0 * s;
                    double level = base + (Math.max(peak, base) - base) * Math.pow(Math.min(1, i.progress(t) / 0.9), 1.5);
                    if (after >= 0) {
                        level = base + (peak - base) * Math.max(0, 1 - (double) after / AFTERMATH_MS);
                    }
                    d = Math.max(d, level);
                }
                case GUNSHOT -> {
                    if (since >= 0 && after < 180_000) {
                        d *= 0.35; // people flee and stay away for a while
                    }
                }
                default -> { }
            }
        }
        return Math.min(d, 9.5);
    }

    /** Fruin's "walking is slowed": the lowest crowd level the density rule raises at, and where a surge counts. */
    static final double SLOWED = 2.0;
    /** A surge's evidence: density growing at least this much, p/m², over {@link #SURGE_WINDOW_MS}. */
    static final double SURGE_GROWTH = 1.0;
    static final long SURGE_WINDOW_MS = 60_000;
    /** A break-in: intruders move past a PIR this long after the glass goes, and open a door after {@link #BREAK_IN_DOOR_MS}. */
    static final long BREAK_IN_MOTION_MS = 25_000;
    static final long BREAK_IN_DOOR_MS = 40_000;

    /**
     * The moment the incident's evidence first exists in what the devices report, for the truth's
     * {@code detectable_from}: a dense crowd once the density reaches {@link #SLOWED}; a surge once it
     * is at that level and has grown {@link #SURGE_GROWTH} over the last minute; a break-in at its
     * start where a smart camera watches it (it labels the intruder trespassing), else once an
     * intruder moves (a motion sensor) or opens the door; every other type at its start (a shot, a
     * pane, a button, a shout, people in view are evidence at once). Never after the end; scanned
     * second by second through the same density the sensors sample.
     */
    public long detectableFrom(Zone z, InjectedIncident i, boolean hasMotionSensor) {
        long start = i.startMs();
        long end = Math.max(start, i.endMs());
        return switch (i.type()) {
            // A smart camera in view labels the intruder at the window at once (EdgeAnalytics).
            case BREAK_IN -> i.camera() != null ? start : Math.min(end, start + (hasMotionSensor ? BREAK_IN_MOTION_MS : BREAK_IN_DOOR_MS));
            case CROWD_DENSITY -> {
                for (long t = start; t <= end; t += 1000) {
                    if (density(z, t) >= SLOWED) {
                        yield t;
                    }
                }
                yield end;
            }
            case CROWD_SURGE -> {
                for (long t = start; t <= end; t += 1000) {
                    double d = density(z, t);
                    if (d >= SLOWED && d - density(z, t - SURGE_WINDOW_MS) >= SURGE_GROWTH) {
                        yield t;
                    }
                }
                yield end;
            }
            default -> start;
        };
    }

    /**
     * Until when the scene still shows the incident, for the truth's {@code evident_until}: a
     * crowd thins back to normal life over {@link #AFTERMATH_MS} after its end (people still in a
     * closed zone then are its people); every other type stops showing at its end.
     */
    public long evidentUntil(InjectedIncident i) {
        long end = Math.max(i.startMs(), i.endMs());
        return switch (i.type()) {
            case CROWD_DENSITY, CROWD_SURGE -> end + AFTERMATH_MS;
            default -> end;
        };
    }

    private static double blend(double base, double target, long since, long after, long rampMs) {
        if (since < 0) {
            return base;
        }
        if (after >= 0) {
            return base + (target - base) * Math.max(0, 1 - (double) after / AFTERMATH_MS);
        }
        return base + (target - base) * Math.min(1, (double) since / rampMs);
    }
}
