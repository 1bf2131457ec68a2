package io.safetywatcher.simulator.world;

import io.safetywatcher.simulator.city.Sensor;
import io.safetywatcher.simulator.city.Zone;
import io.safetywatcher.simulator.incident.InjectedIncident;
import io.safetywatcher.simulator.life.NormalLife;
import io.safetywatcher.simulator.life.SmoothNoise;

import java.util.List;
import java.util.SplittableRandom;

/**
 * What one sensor reports for the period ending at {@code t}. Detectors (gunshot, glass
 * break, panic) latch: a reading is the strongest detection of its period, as real ones
 * report, so a two-second event is not lost between samples.
 */
public final class SensorModel {
    private final Conditions conditions;
    private final long seed;
    private final java.util.Map<String, Long> seeds = new java.util.HashMap<>();

    public SensorModel(Conditions conditions, long seed) {
        this.conditions = conditions;
        this.seed = seed;
    }

    public double sample(Sensor s, Zone z, long t, SplittableRandom rng) {
        long period = s.period().toMillis();
        long from = t - period;
        NormalLife life = conditions.life();
        List<InjectedIncident> incidents = conditions.timeline().overlapping(z.id(), from, t + 1);
        double density = conditions.density(z, t);
        long noiseSeed = seeds.computeIfAbsent(s.id(), id -> SmoothNoise.seedFor(seed, id));
        boolean open = life.isOpen(z, t);
        return switch (s.type()) {
            case SOUND_LEVEL -> {
                double db = life.soundLevel(z, t, density) + 2.0 * SmoothNoise.at(noiseSeed, t)
                        + 1.2 * rng.nextGaussian();
                for (InjectedIncident i : incidents) {
                    if (!i.affects(s.id())) {
                        continue;
                    }
                    double k = i.intensity();
                    db += switch (i.type()) {
                        case FIGHT -> 12 + 10 * k + 3 * rng.nextGaussian();    // shouting, close to the sensor or not
                        case NOISE -> 18 + 20 * k + 4 * rng.nextGaussian();    // fireworks, a party, a generator
                        case GUNSHOT -> startsIn(i, from, t) ? 20 + 10 * k : 6; // one impulse lifts a period's Leq
                        case GLASS_BREAK -> startsIn(i, from, t) ? 10 + 6 * k : 0;
                        case CROWD_SURGE -> 6 * i.progress(t) * k;              // a crowd pressing is a loud crowd
                        default -> 0;
                    };
                }
                yield round(clamp(db, 20, 150), 10);
            }
            case GUNSHOT -> {
                double v = falseAlarm(rng, 0.004, 0.1, 0.4);
                for (InjectedIncident i : incidents) {
                    if (i.type() == io.safetywatcher.common.event.AlertType.GUNSHOT && i.affects(s.id())) {
                        v = Math.max(v, 0.8 + 0.19 * rng.nextDouble() * (0.5 + 0.5 * i.intensity()));
                    }
                }
                yield round(v, 100);
            }
            case GLASS_BREAK -> {
                double v = falseAlarm(rng, 0.003, 0.1, 0.45);
                for (InjectedIncident i : incidents) {
                    boolean glass = i.type() == io.safetywatcher.common.event.AlertType.GLASS_BREAK
                            || i.type() == io.safetywatcher.common.event.AlertType.BREAK_IN;
                    // The pane breaks once: only the period holding the start (and one more, for an echoing shatter).
                    if (glass && i.affects(s.id()) && i.startMs() < t + 1 && i.startMs() >= from - period) {
                        v = Math.max(v, 0.82 + 0.16 * rng.nextDouble());
                    }
                }
                yield round(v, 100);
            }
            case PANIC_BUTTON -> {
                double v = 0;
                for (InjectedIncident i : incidents) {
                    if (i.type() == io.safetywatcher.common.event.AlertType.PANIC && i.affects(s.id())) {
                        v = 1;
                    }
                }
                yield v;
            }
            case DOOR_CONTACT -> {
                // Open doors follow the flow of people; shut when closed.
                double p = open ? Math.min(0.85, density * 1.5 + 0.05) : 0;
                double v = rng.nextDouble() < p ? 1 : 0;
                for (InjectedIncident i : incidents) {
                    if (!i.affects(s.id())) {
                        continue;
                    }
                    if (i.type() == io.safetywatcher.common.event.AlertType.BREAK_IN && t - i.startMs() >= 40_000) {
                        v = 1; // the glass went first; the door opens some tens of seconds later
                    } else if (i.type() == io.safetywatcher.common.event.AlertType.INTRUSION && t - i.startMs() < 90_000) {
                        v = 1;
                    }
                }
                yield v;
            }
            case MOTION -> {
                double people = density * 60; // what one PIR covers, roughly
                double p = open ? 1 - Math.exp(-people) : 0.002;
                double v = rng.nextDouble() < p ? 1 : 0;
                for (InjectedIncident i : incidents) {
                    boolean intruders = i.type() == io.safetywatcher.common.event.AlertType.INTRUSION
                            || (i.type() == io.safetywatcher.common.event.AlertType.BREAK_IN && t - i.startMs() >= 25_000);
                    if (intruders && i.affects(s.id())) {
                        v = 1;
                    }
                }
                yield v;
            }
            case CROWD_DENSITY -> {
                // A density sensor sees part of the zone: unbiased, with local scatter.
                double v = density * Math.exp(0.08 * rng.nextGaussian()) + 0.01 * Math.abs(rng.nextGaussian());
                yield round(clamp(v, 0, 10), 100);
            }
            case FOOTFALL -> {
                double flowPerSecond = density * z.areaM2() / NormalLife.dwellSeconds(z.kind()) * 0.25; // a quarter passes this gate
                double rise = 0;
                for (InjectedIncident i : incidents) {
                    if (i.type() == io.safetywatcher.common.event.AlertType.CROWD_SURGE && i.affects(s.id())) {
                        rise = Math.max(rise, 2.0 * i.progress(t)); // the surge pours in through the gates
                    }
                }
                yield poisson(rng, flowPerSecond * (1 + rise) * period / 1000.0);
            }
        };
    }

    private static boolean startsIn(InjectedIncident i, long from, long t) { return i.startMs() >= from && i.startMs() <= t; }

    private static double falseAlarm(SplittableRandom rng, double p, double lo, double hi) {
        return rng.nextDouble() < p ? lo + (hi - lo) * rng.nextDouble() : 0;
    }

    static double poisson(SplittableRandom rng, double lambda) {
        if (lambda <= 0) {
            return 0;
        }
        if (lambda > 30) {
            return Math.max(0, Math.round(lambda + Math.sqrt(lambda) * rng.nextGaussian()));
        }
        double l = Math.exp(-lambda);
        int k = 0;
        double p = rng.nextDouble();
        while (p > l) {
            k++;
            p *= rng.nextDouble();
        }
        return k;
    }

    private static double clamp(double v, double lo, double hi) { return Math.max(lo, Math.min(hi, v)); }

    private static double round(double v, int per) { return Math.round(v * per) / (double) per; }
}
