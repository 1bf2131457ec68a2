package io.safetywatcher.cli.eval;

import io.safetywatcher.common.event.AlertType;
import io.safetywatcher.common.event.SensorType;
import io.safetywatcher.simulator.city.City;
import io.safetywatcher.simulator.city.Zone;
import io.safetywatcher.simulator.incident.IncidentKinds;
import io.safetywatcher.simulator.world.Conditions;
import io.safetywatcher.simulator.life.NormalLife;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.function.Function;

/**
 * Randomized scenario suites: hour-long scenarios at random days and hours of the year (so day
 * and night, quiet and rush hours, match evenings), each with incidents of random types, zones,
 * lengths and intensities after a warm-up, some of them overlapping an incident of another type in the
 * same zone. Each scenario is a scenario file's text, so a generated suite can be written,
 * read back and played by either path. The same seed gives the same suite.
 *
 * <p>A loiterer stays 1.2 to 1.8 times the zone's dwell limit: one who leaves before it is no loiterer.
 *
 * <p>Only what the city can show is drawn: a type needs a device of its zone that reports it
 * (a panic needs a button, a dense crowd a density sensor or, with frames, a camera), an
 * intrusion a zone closed for the whole incident; the camera-only types (intrusion,
 * loitering, fight) only with frames. The simulator has no weather: light and crowd vary, rain
 * does not.
 *
 * <p>With device faults instead ({@link #faults}): 20-minute scenarios, as the faults need no
 * learnt baseline, with faults of random types on random cameras (with frames) and fast sensors
 * from two minutes in (every camera has sent frames for a minute first), never two of one type in
 * one zone nor two on one camera at once (the scoring matches by zone and type).
 */
final class SuiteGenerator {
    /** A scenario's length, and the warm-up before its first incident (a sound sensor learns its baseline from 60 samples, 10 min). */
    static final Duration LENGTH = Duration.ofMinutes(60);
    static final Duration WARM_UP = Duration.ofMinutes(12);
    /**
     * The warm-up when no drawn type needs a sound baseline learnt from minutes of readings (no
     * noise, no fight): a camera calibrates from its first lone walkers and learns its background
     * in about a minute.
     */
    static final Duration SHORT_WARM_UP = Duration.ofMinutes(3);
    /** Quiet time kept after an incident before another in its zone, unless they are drawn to overlap. */
    static final Duration AFTERMATH = Duration.ofMinutes(3);
    /** Share of incidents placed on purpose over another of the same zone. */
    static final double OVERLAP = 0.15;
    static final Duration FAULT_LENGTH = Duration.ofMinutes(20);
    static final Duration FAULT_WARM_UP = Duration.ofMinutes(2);
    /** Kept after a fault before another of its type in its zone, or on its camera: the alert's resolve and a margin. */
    static final Duration FAULT_AFTERMATH = Duration.ofMinutes(1);
    /** The rules' dwell limit when the generator is not told each zone's. */
    static final Duration DEFAULT_DWELL = Duration.ofMinutes(5);
    /** Scenarios start on whole hours of this year, any day. */
    private static final Instant YEAR = Instant.parse("2026-01-05T00:00:00Z");


    record Generated(String name, String yaml, int incidents) {}

    private final City city;
    private final String cityName;
    private final NormalLife life;
    private final boolean frames;
    private final boolean faults;
    /** The incident types drawn; when not all of them, scenarios hold more incidents (see {@link #wanted}). */
    private final List<AlertType> types;
    /** Each zone's dwell limit (the rules'): a loiterer stays longer than that, or there is nothing to detect. */
    private final Function<String, Duration> dwellLimit;

    SuiteGenerator(City city, String cityName, boolean frames) {
        this(city, cityName, frames, false, IncidentKinds.INJECTABLE);
    }

    SuiteGenerator(City city, String cityName, boolean frames, boolean faults) {
        this(city, cityName, frames, faults, IncidentKinds.INJECTABLE);
    }

    SuiteGenerator(City city, String cityName, boolean frames, boolean faults, List<AlertType> types) {
        this(city, cityName, frames, faults, types, zone -> DEFAULT_DWELL);
    }

    /**
     * @param faults device faults (camera ones only with frames) instead of incidents
     * @param types  the incident types to draw (some of {@link IncidentKinds#INJECTABLE})
     * @param dwellLimit each zone's dwell limit, by zone id (the rules')
     */
    SuiteGenerator(City city, String cityName, boolean frames, boolean faults, List<AlertType> types, Function<String, Duration> dwellLimit) {
        if (types.isEmpty() || !IncidentKinds.INJECTABLE.containsAll(types)) {
            throw new IllegalArgumentException("incident types to draw: " + types + "; expected some of " + IncidentKinds.INJECTABLE);
        }
        this.city = city;
        this.cityName = cityName;
        this.life = new NormalLife(city, 0); // opening hours only, which no seed changes
        this.frames = frames;
        this.faults = faults;
        this.types = List.copyOf(types);
        this.dwellLimit = dwellLimit;
    }

    /**
     * Incidents to place in one scenario: 6-10 of all types; of chosen types (a camera suite,
     * where rendering frames is what costs), 3-4 per zone that can show one of them, so that
     * every rendered camera-hour carries more incidents, each still followed by its quiet time.
     */
    private int wanted(SplittableRandom rng) {
        if (types.equals(IncidentKinds.INJECTABLE)) {
            return 6 + rng.nextInt(5);
        }
        long zones = city.zones().stream().filter(z -> types.stream().anyMatch(t -> shows(t, z))).count();
        return (int) (3 * zones + rng.nextLong(zones + 1));
    }

    private String names() { return String.join(", ", types.stream().map(AlertType::id).toList()); }

    /** A fight in a busy view needs the zone's sound sensors to have learnt their baselines (with no history: 10 minutes). */
    private Duration warmUp() {
        return types.contains(AlertType.NOISE) || types.contains(AlertType.FIGHT) ? WARM_UP : SHORT_WARM_UP;
    }

    /** Scenarios until they hold at least {@code incidents} incidents. */
    List<Generated> suite(int incidents, long seed) {
        if (incidents < 1) {
            throw new IllegalArgumentException("a generated suite needs at least 1 incident, not " + incidents);
        }
        SplittableRandom rng = new SplittableRandom(seed);
        List<Generated> out = new ArrayList<>();
        int total = 0;
        int emptyInARow = 0;
        for (int k = 1; total < incidents; k++) {
            String name = String.format(Locale.ROOT, faults ? "faults-%d-%04d" : "gen-%d-%04d", seed, k);
            Generated g = faults ? faultScenario(name, rng, Math.min(incidents - total, 25 + rng.nextInt(10)), seed * 10_000 + k)
                    : scenario(name, rng, Math.min(incidents - total, wanted(rng)), seed * 10_000 + k);
            if (g.incidents() == 0) {
                // An hour can rule a type out (an intrusion needs a closed zone); many in a row mean the city never shows it.
                if (++emptyInARow == 50) {
                    throw new IllegalArgumentException("the city has nothing to place " + (faults ? "device faults" : "incidents of " + names())
                            + " on" + (frames ? "" : " without frames"));
                }
                continue;
            }
            emptyInARow = 0;
            out.add(g);
            total += g.incidents();
        }
        return out;
    }

    private record Span(String zone, AlertType type, long from, long to) {
        /** Whether this span and [from, to) in the zone come closer than the quiet kept after an incident. */
        boolean near(String zone, long from, long to) {
            return this.zone.equals(zone) && from < this.to + AFTERMATH.toMillis() && to + AFTERMATH.toMillis() > this.from;
        }
    }

    /**
     * Whether a crowd hides a loiterer of its zone: the loiterer stays less than their zone's
     * dwell limit after the crowd has thinned out. Time in a crowd does not count to a dwell (one
     * person's stay cannot be told from a packed crowd's), so they never loitered as the rules
     * count it. Such a loiterer is not drawn.
     */
    private boolean hides(Span crowd, Span loiterer) {
        if (!DwellLimits.CROWDS.contains(crowd.type()) || loiterer.type() != AlertType.LOITERING || !crowd.zone().equals(loiterer.zone())) {
            return false;
        }
        long thinned = crowd.to() + Conditions.AFTERMATH_MS; // the truth's evident_until
        return crowd.from() < loiterer.to() && thinned > loiterer.from()
                && loiterer.to() - thinned < dwellLimit.apply(loiterer.zone()).toMillis() * 1.2;
    }

    private StringBuilder header(String name, Instant start, Duration length, long scenarioSeed) {
        StringBuilder y = new StringBuilder();
        y.append("# generated: eval --generate").append(faults ? " --faults" : "").append(", ").append(name).append('\n');
        y.append("start: ").append(start).append('\n');
        y.append("duration: ").append(length.toMinutes()).append("m\n");
        y.append("seed: ").append(scenarioSeed).append('\n');
        y.append("city: ").append(cityName).append('\n');
        y.append("incidents:\n");
        return y;
    }

    private record Fault(String zone, AlertType type, String camera, long from, long to) {
        boolean clashes(Fault o) {
            boolean near = from < o.to + FAULT_AFTERMATH.toMillis() && to + FAULT_AFTERMATH.toMillis() > o.from;
            return near && (zone.equals(o.zone) && type == o.type || camera != null && camera.equals(o.camera));
        }
    }

    private Generated faultScenario(String name, SplittableRandom rng, int wanted, long scenarioSeed) {
        Instant start = YEAR.plus(Duration.ofHours(rng.nextLong(330 * 24L)));
        StringBuilder y = header(name, start, FAULT_LENGTH, scenarioSeed);
        List<Fault> placed = new ArrayList<>();
        long first = FAULT_WARM_UP.toMillis();
        long last = FAULT_LENGTH.toMillis() - FAULT_AFTERMATH.toMillis();
        for (int attempt = 0; placed.size() < wanted && attempt < wanted * 40; attempt++) {
            Zone zone = city.zones().get(rng.nextInt(city.zones().size()));
            AlertType type = IncidentKinds.DEVICE_FAULTS.get(rng.nextInt(IncidentKinds.DEVICE_FAULTS.size()));
            String camera = null;
            if (type == AlertType.SENSOR_SILENT) {
                if (IncidentKinds.silenceable(city, zone.id()).isEmpty()) {
                    continue;
                }
            } else {
                var cams = city.camerasIn(zone.id());
                if (!frames || cams.isEmpty()) {
                    continue;
                }
                camera = cams.get(rng.nextInt(cams.size())).id();
            }
            long len = (long) (IncidentKinds.defaultDuration(type).toMillis() * (0.5 + 0.5 * rng.nextDouble()));
            long at = first + rng.nextLong(Math.max(1, last - first - len));
            at -= at % 1000;
            len -= len % 1000;
            Fault f = new Fault(zone.id(), type, camera, at, at + len);
            if (placed.stream().anyMatch(f::clashes)) {
                continue;
            }
            placed.add(f);
            y.append(String.format(Locale.ROOT, "  - {type: %s, zone: %s, %sat: %ds, duration: %ds}%n", type.id(), zone.id(),
                    camera == null ? "" : "camera: " + camera + ", ", at / 1000, len / 1000));
        }
        return new Generated(name, y.toString(), placed.size());
    }

    private Generated scenario(String name, SplittableRandom rng, int wanted, long scenarioSeed) {
        Instant start = YEAR.plus(Duration.ofHours(rng.nextLong(330 * 24L)));
        StringBuilder y = header(name, start, LENGTH, scenarioSeed);
        List<Span> spans = new ArrayList<>();
        int placed = 0;
        long first = warmUp().toMillis();
        long last = LENGTH.toMillis() - AFTERMATH.toMillis();
        for (int attempt = 0; placed < wanted && attempt < wanted * 40; attempt++) {
            Zone zone = city.zones().get(rng.nextInt(city.zones().size()));
            AlertType type = types.get(rng.nextInt(types.size()));
            if (!shows(type, zone)) {
                continue;
            }
            double stretch = rng.nextDouble();
            long len = type == AlertType.LOITERING
                    ? (long) (dwellLimit.apply(zone.id()).toMillis() * (1.2 + 0.6 * stretch)) // someone who stays past the limit
                    : Math.max(20_000, (long) (IncidentKinds.defaultDuration(type).toMillis() * (0.6 + 0.8 * stretch)));
            long at = first + rng.nextLong(Math.max(1, last - first - len));
            at -= at % 1000;
            len -= len % 1000;
            long from = at;
            long to = at + len;
            boolean overlap = rng.nextDouble() < OVERLAP;
            boolean clash = spans.stream().anyMatch(s -> s.near(zone.id(), from, to));
            boolean sameType = spans.stream().anyMatch(s -> s.type() == type && s.near(zone.id(), from, to));
            if (clash != overlap || sameType) {
                continue; // an overlap when one is drawn, of another type (two of a type at once are one to anyone watching), a clear zone otherwise
            }
            Span drawn = new Span(zone.id(), type, from, to);
            if (spans.stream().anyMatch(s -> hides(s, drawn) || hides(drawn, s))) {
                continue; // a loiterer in a crowd stays their zone's limit past it, or they never loitered as the rules count
            }
            if (type == AlertType.INTRUSION && !closedThroughout(zone, start.toEpochMilli() + from, start.toEpochMilli() + to)) {
                continue;
            }
            spans.add(drawn);
            y.append(String.format(Locale.ROOT, "  - {type: %s, zone: %s, at: %ds, duration: %ds, intensity: %.2f}%n", type.id(), zone.id(),
                    from / 1000, len / 1000, 0.5 + 0.5 * rng.nextDouble()));
            placed++;
        }
        return new Generated(name, y.toString(), placed);
    }

    /** Whether a device of the zone reports this type (with frames: its cameras count). */
    boolean shows(AlertType type, Zone zone) {
        boolean camera = !city.camerasIn(zone.id()).isEmpty();
        return switch (type) {
            case INTRUSION -> frames && camera && !zone.alwaysOpen();
            case LOITERING, FIGHT -> frames && camera;
            case SUSPICIOUS_BEHAVIOUR -> camera; // smart cameras' labels come without frames
            case GUNSHOT -> has(zone, SensorType.GUNSHOT);
            case GLASS_BREAK -> has(zone, SensorType.GLASS_BREAK);
            case PANIC -> has(zone, SensorType.PANIC_BUTTON);
            case NOISE -> has(zone, SensorType.SOUND_LEVEL);
            case BREAK_IN -> has(zone, SensorType.GLASS_BREAK) && (has(zone, SensorType.DOOR_CONTACT) || has(zone, SensorType.MOTION));
            case CROWD_DENSITY, CROWD_SURGE -> has(zone, SensorType.CROWD_DENSITY) || frames && camera;
            default -> false;
        };
    }

    private boolean has(Zone zone, SensorType type) { return !city.sensorsIn(zone.id(), type).isEmpty(); }

    private boolean closedThroughout(Zone zone, long from, long to) {
        for (long t = from; t <= to; t += 30_000) {
            if (life.isOpen(zone, t)) {
                return false;
            }
        }
        return !life.isOpen(zone, to);
    }
}
