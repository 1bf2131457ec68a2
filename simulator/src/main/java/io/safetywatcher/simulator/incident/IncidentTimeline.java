package io.safetywatcher.simulator.incident;

import io.safetywatcher.common.event.AlertType;
import io.safetywatcher.simulator.city.City;
import io.safetywatcher.simulator.city.Zone;
import io.safetywatcher.simulator.life.NormalLife;
import io.safetywatcher.simulator.life.SmoothNoise;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Every incident of a run: the scenario's, and random ones drawn hour by hour (each hour from
 * its own seed, so an hour's incidents do not depend on where the run started or how it was
 * sliced). Indexed per zone by start for the per-sample "what is happening here" query.
 */
public final class IncidentTimeline {
    private static final long HOUR = 3_600_000L;

    private final City city;
    private final NormalLife life;
    private final long seed;
    private final double ratePerHour;
    private final long runStart;
    private final long runEnd;
    private final Map<String, List<InjectedIncident>> byZone = new HashMap<>();
    private final List<InjectedIncident> all = new ArrayList<>();
    private long generatedUntil;
    /** Random incidents end by then: {@code runEnd} less the quiet tail. */
    private final long randomEnd;

    public IncidentTimeline(City city, NormalLife life, long seed, double ratePerHour, List<InjectedIncident> planned,
                            long runStart, long runEnd) {
        this(city, life, seed, ratePerHour, planned, runStart, runEnd, java.time.Duration.ZERO);
    }

    /**
     * @param quietTail no random incident goes on into the last {@code quietTail} of the run: one
     *     that would is not drawn (the draws of its hour stay the same), so its alerts have resolved
     *     when the run ends and a run that follows starts clear of them (an open break-in would
     *     inhibit its glass breaks)
     */
    public IncidentTimeline(City city, NormalLife life, long seed, double ratePerHour, List<InjectedIncident> planned,
                            long runStart, long runEnd, java.time.Duration quietTail) {
        this.city = city;
        this.life = life;
        this.seed = seed;
        this.ratePerHour = ratePerHour;
        this.runStart = runStart;
        this.runEnd = runEnd;
        this.generatedUntil = Math.floorDiv(runStart, HOUR) * HOUR;
        this.randomEnd = runEnd == Long.MAX_VALUE ? runEnd : runEnd - quietTail.toMillis();
        planned.forEach(this::add);
    }

    /** Draws random incidents for every hour up to {@code t}. */
    public void ensureThrough(long t) {
        if (ratePerHour <= 0) {
            generatedUntil = Math.max(generatedUntil, t);
            return;
        }
        while (generatedUntil <= t) {
            drawHour(generatedUntil / HOUR);
            generatedUntil += HOUR;
        }
    }

    private void drawHour(long hour) {
        SplittableRandom rng = new SplittableRandom(SmoothNoise.seedFor(seed, "incidents@" + hour));
        int n = poisson(rng, ratePerHour);
        for (int k = 0; k < n; k++) {
            long start = hour * HOUR + rng.nextLong(HOUR);
            AlertType type = IncidentKinds.INJECTABLE.get(rng.nextInt(IncidentKinds.INJECTABLE.size()));
            Zone zone = city.zones().get(rng.nextInt(city.zones().size()));
            double intensity = 0.5 + 0.5 * rng.nextDouble();
            long len = (long) (IncidentKinds.defaultDuration(type).toMillis() * (0.7 + 0.6 * rng.nextDouble()));
            if (IncidentKinds.WHILE_CLOSED.contains(type)) {
                // An intrusion needs a closed zone; if none is closed now it becomes loitering.
                Zone closed = closedZone(rng, start);
                if (closed == null) {
                    type = AlertType.LOITERING;
                } else {
                    zone = closed;
                }
            }
            if (IncidentKinds.needsCamera(type) && city.camerasIn(zone.id()).isEmpty()) {
                continue;
            }
            if (start < runStart || start >= runEnd || randomEnd < runEnd && start + len > randomEnd) {
                continue;
            }
            long end = Math.min(start + len, runEnd);
            if (IncidentKinds.WHILE_CLOSED.contains(type)) {
                end = Math.min(end, closedUntil(zone, start));
            }
            String id = "rnd-" + hour + "-" + k;
            add(IncidentKinds.place(city, id, type, zone.id(), Instant.ofEpochMilli(start), Instant.ofEpochMilli(end),
                    Math.round(intensity * 100) / 100.0, null, seed));
        }
    }

    private Zone closedZone(SplittableRandom rng, long t) {
        List<Zone> closed = city.zones().stream().filter(z -> !life.isOpen(z, t) && !city.camerasIn(z.id()).isEmpty()).toList();
        return closed.isEmpty() ? null : closed.get(rng.nextInt(closed.size()));
    }

    /** The first minute after {@code t} at which the zone opens (searches a day ahead). */
    public long closedUntil(Zone z, long t) {
        for (long m = t; m < t + 24 * HOUR; m += 60_000) {
            if (life.isOpen(z, m)) {
                return m;
            }
        }
        return t + 24 * HOUR;
    }

    private void add(InjectedIncident i) {
        List<InjectedIncident> list = byZone.computeIfAbsent(i.incident().zone(), z -> new ArrayList<>());
        list.add(i);
        list.sort(Comparator.comparingLong(InjectedIncident::startMs).thenComparing(x -> x.incident().id()));
        all.add(i);
        all.sort(Comparator.comparingLong(InjectedIncident::startMs).thenComparing(x -> x.incident().id()));
    }

    /** Incidents in the zone that overlap [from, to). */
    public List<InjectedIncident> overlapping(String zone, long from, long to) {
        List<InjectedIncident> list = byZone.get(zone);
        if (list == null) {
            return List.of();
        }
        // Starts are sorted and no incident lasts longer than MAX_DURATION, so look only that far back.
        long earliest = from - IncidentKinds.MAX_DURATION.toMillis();
        int lo = 0;
        int hi = list.size();
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (list.get(mid).startMs() < earliest) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        List<InjectedIncident> out = null;
        for (int i = lo; i < list.size() && list.get(i).startMs() < to; i++) {
            if (list.get(i).overlaps(from, to)) {
                if (out == null) {
                    out = new ArrayList<>(2);
                }
                out.add(list.get(i));
            }
        }
        return out == null ? List.of() : out;
    }

    /** All incidents so far, by start. */
    public List<InjectedIncident> all() { return List.copyOf(all); }

    /** The first incident starting at or after {@code t}, among those drawn so far. */
    public InjectedIncident nextStartingAtOrAfter(long t) {
        int lo = 0;
        int hi = all.size();
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (all.get(mid).startMs() < t) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo < all.size() ? all.get(lo) : null;
    }

    public int indexOf(InjectedIncident i) { return all.indexOf(i); }

    static int poisson(SplittableRandom rng, double lambda) {
        double l = Math.exp(-lambda);
        int k = 0;
        double p = rng.nextDouble();
        while (p > l && k < 1000) {
            k++;
            p *= rng.nextDouble();
        }
        return k;
    }
}
