package io.safetywatcher.simulator.life;

import io.safetywatcher.simulator.city.City;
import io.safetywatcher.simulator.city.Zone;
import io.safetywatcher.simulator.city.ZoneKind;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZonedDateTime;

/**
 * How busy and loud a zone is on an ordinary day, by its kind and the local hour: rush hours
 * at the station, evenings at the market, match days at the stadium, quiet nights. Densities
 * stay below ~1.7 people/m² (Fruin's "walking is slowed" is about 2), so a crowd detector
 * that fires on normal life is a wrong detector. A pure function of time.
 */
public final class NormalLife {
    // Busyness by local hour 0..23, as a share of the kind's peak density.
    private static final double[] TRANSIT_WEEKDAY = {.05, .02, 0, 0, 0, .08, .35, .85, 1, .6, .35, .3, .4, .35, .3, .4, .65, .95, .9, .5, .35, .3, .2, .1};
    private static final double[] TRANSIT_WEEKEND = {.15, .08, 0, 0, 0, .03, .08, .15, .25, .35, .45, .5, .55, .55, .5, .5, .5, .5, .45, .4, .35, .3, .25, .2};
    private static final double[] MARKET = {0, 0, 0, 0, 0, 0, 0, .1, .25, .35, .45, .55, .65, .55, .45, .45, .55, .8, 1, .9, .7, .4, .15, 0};
    private static final double[] PARK_WEEKDAY = {.02, .01, .01, .01, .01, .02, .15, .3, .25, .2, .25, .35, .5, .4, .3, .35, .45, .55, .5, .4, .25, .15, .05, .02};
    private static final double[] PARK_WEEKEND = {.02, .01, .01, .01, .01, .02, .1, .25, .4, .6, .75, .85, .95, 1, 1, .95, .85, .7, .55, .4, .25, .15, .05, .02};
    private static final double[] RESIDENTIAL = {.1, .05, .03, .02, .02, .05, .2, .6, .8, .4, .3, .3, .35, .3, .3, .4, .6, .9, 1, .8, .5, .35, .25, .15};
    private static final double[] CAMPUS_WEEKDAY = {.02, .01, 0, 0, 0, 0, .02, .15, .6, 1, .7, .9, .8, 1, .7, .9, .6, .5, .3, .2, .1, .05, .03, .02};
    private static final double[] CAMPUS_WEEKEND = {.02, .01, 0, 0, 0, 0, 0, .02, .05, .08, .1, .12, .12, .12, .1, .1, .08, .06, .05, .04, .03, .02, .02, .02};
    private static final double[] STADIUM_QUIET = {.01, 0, 0, 0, 0, 0, .02, .05, .1, .15, .2, .25, .3, .3, .25, .25, .3, .35, .3, .25, .2, .1, .05, .02};

    private final City city;
    private final long seed;
    private final java.util.Map<String, Long> zoneSeeds = new java.util.HashMap<>();

    public NormalLife(City city, long seed) {
        this.city = city;
        this.seed = seed;
    }

    public ZonedDateTime local(long epochMs) { return Instant.ofEpochMilli(epochMs).atZone(city.timezone()); }

    // The offset only changes twice a year: look it up once per hour, not once per reading.
    private long offsetHour = Long.MIN_VALUE;
    private long offsetMs;

    /** Milliseconds since local midnight. */
    public long localMsOfDay(long epochMs) {
        long hour = Math.floorDiv(epochMs, 3_600_000L);
        if (hour != offsetHour) {
            offsetHour = hour;
            offsetMs = city.timezone().getRules().getOffset(Instant.ofEpochMilli(hour * 3_600_000L)).getTotalSeconds() * 1000L;
        }
        return Math.floorMod(epochMs + offsetMs, 86_400_000L);
    }

    public boolean isOpen(Zone z, long epochMs) {
        return z.hours() == null || z.hours().isOpen(LocalTime.ofNanoOfDay(localMsOfDay(epochMs) * 1_000_000L));
    }

    /** People per m² in the zone, 0 while it is closed. */
    public double density(Zone z, long epochMs) {
        if (!isOpen(z, epochMs)) {
            return 0;
        }
        long msOfDay = localMsOfDay(epochMs);
        double hour = msOfDay / 3_600_000.0;
        DayOfWeek day = DayOfWeek.of((int) Math.floorMod(Math.floorDiv(epochMs + offsetMs, 86_400_000L) + 3, 7) + 1);
        boolean weekend = day == DayOfWeek.SATURDAY || day == DayOfWeek.SUNDAY;
        double peak = peak(z.kind());
        double share = switch (z.kind()) {
            case TRANSIT -> profile(weekend ? TRANSIT_WEEKEND : TRANSIT_WEEKDAY, hour);
            case MARKET -> profile(MARKET, hour) * (weekend ? 1.15 : 0.85);
            case PARK -> profile(weekend ? PARK_WEEKEND : PARK_WEEKDAY, hour);
            case RESIDENTIAL -> profile(RESIDENTIAL, hour);
            case CAMPUS -> profile(weekend ? CAMPUS_WEEKEND : CAMPUS_WEEKDAY, hour);
            case STADIUM -> Math.max(profile(STADIUM_QUIET, hour), matchCrowd(z, day, hour) / peak);
        };
        double drift = 1 + 0.18 * SmoothNoise.at(zoneSeeds.computeIfAbsent(z.id(), id -> SmoothNoise.seedFor(seed, id)), epochMs);
        return Math.max(0, peak * share * drift);
    }

    /** A match day at the gates: arrivals build for two hours, a lull inside, the exit rush. */
    private static double matchCrowd(Zone z, DayOfWeek day, double hour) {
        if (!z.eventDays().contains(day)) {
            return 0;
        }
        double k = z.eventStart().getHour() + z.eventStart().getMinute() / 60.0;
        double x = hour - k;
        if (x >= -2.5 && x < 0) {
            return 1.5 * Math.pow((x + 2.5) / 2.5, 1.6);           // arrivals
        } else if (x >= 0 && x < 1.9) {
            return 0.15;                                          // everyone is inside
        } else if (x >= 1.9 && x < 2.6) {
            return 1.6 * Math.sin(Math.PI * (x - 1.9) / 0.7);     // the final whistle
        }
        return 0;
    }

    static double peak(ZoneKind kind) {
        return switch (kind) {
            case TRANSIT -> 0.9;
            case MARKET -> 0.7;
            case STADIUM -> 0.1;
            case PARK -> 0.12;
            case RESIDENTIAL -> 0.05;
            case CAMPUS -> 0.35;
        };
    }

    /** The A-weighted level an ordinary moment has there, before people add to it. */
    public double soundBase(Zone z, long epochMs) {
        double hour = localMsOfDay(epochMs) / 3_600_000;
        boolean night = hour < 6 || hour >= 22;
        double base = switch (z.kind()) {
            case TRANSIT -> 62;
            case MARKET -> 58;
            case STADIUM -> 55;
            case PARK -> 45;
            case RESIDENTIAL -> 42;
            case CAMPUS -> 48;
        };
        return night ? base - 10 : base;
    }

    /** Leq in dB for a given density: crowds add roughly 10·log10 of their size. */
    public double soundLevel(Zone z, long epochMs, double density) {
        double people = density * Math.min(z.areaM2(), 2000);
        return soundBase(z, epochMs) + 8 * Math.log10(1 + people / 20);
    }

    /** How long a visitor stays, which turns occupancy into a flow through a gate. */
    public static double dwellSeconds(ZoneKind kind) {
        return switch (kind) {
            case TRANSIT -> 300;
            case MARKET -> 1500;
            case STADIUM -> 600;
            case PARK -> 2400;
            case RESIDENTIAL -> 600;
            case CAMPUS -> 900;
        };
    }

    private static double profile(double[] p, double hour) {
        int h = (int) Math.floor(hour) % 24;
        double f = hour - Math.floor(hour);
        return p[h] + (p[(h + 1) % 24] - p[h]) * f;
    }
}
