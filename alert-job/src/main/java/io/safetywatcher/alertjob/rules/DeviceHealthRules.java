package io.safetywatcher.alertjob.rules;

import java.io.Serializable;
import java.time.Duration;

/**
 * The device-health types judged from a device's cadence and its camera's view (the settings of
 * {@code camera_offline}, {@code sensor_silent}, {@code camera_frozen}, {@code camera_covered},
 * {@code camera_moved}). Every duration is event time: the zone's clock, never the wall clock.
 */
public record DeviceHealthRules(Offline offline, Silent silent, Frozen frozen, Covered covered, Moved moved) implements Serializable {

    /**
     * A camera seen before sends no frame for {@code after}. A jump of the zone's clock longer
     * than {@code zoneGap} between two ticks (nothing at all came for the zone: a replay moving
     * from one day to another, a job started on an old checkpoint) restarts every device's
     * silence clock, cameras' and sensors': it says nothing about one device.
     */
    public record Offline(Duration after, Duration zoneGap) implements Serializable {
        static Offline read(RuleTree t) {
            Offline o = new Offline(t.positiveDuration("after"), t.positiveDuration("zone_gap"));
            if (o.zoneGap.compareTo(o.after) <= 0) {
                throw new io.safetywatcher.common.config.ConfigException(t.key("zone_gap") + " (" + o.zoneGap.toSeconds()
                        + " s) must be longer than " + t.key("after") + " (" + o.after.toSeconds() + " s)");
            }
            return o;
        }
    }

    /**
     * A sensor seen before sends no reading for {@code missedPeriods} of its registered sampling
     * periods, and at least {@code minSilence} (a fast sensor's few missed periods are jitter).
     */
    public record Silent(int missedPeriods, Duration minSilence) implements Serializable {
        static Silent read(RuleTree t) {
            return new Silent(t.integer("missed_periods", 2, 1000), t.positiveDuration("min_silence"));
        }

        /** How long a sensor with this sampling period may be quiet before it is silent. */
        public Duration silenceFor(long periodMs) {
            Duration d = Duration.ofMillis(periodMs * missedPeriods);
            return d.compareTo(minSilence) >= 0 ? d : minSilence;
        }
    }

    /** The very same pixels for {@code after}: a live sensor's noise changes some every frame, a stuck encoder does not. */
    public record Frozen(Duration after) implements Serializable {
        static Frozen read(RuleTree t) {
            return new Frozen(t.positiveDuration("after"));
        }
    }

    /**
     * The view is uniform for {@code after}: the grey levels spread less than {@code maxSpread}
     * (a lens covered, sprayed or blinded), or their mean is below {@code darkBelow} or above
     * {@code brightAbove}.
     */
    public record Covered(Duration after, double maxSpread, double darkBelow, double brightAbove) implements Serializable {
        static Covered read(RuleTree t) {
            return new Covered(t.positiveDuration("after"), t.between("max_spread", 0, 64), t.between("dark_below", 0, 128),
                    t.between("bright_above", 128, 255));
        }

        public boolean uniform(double mean, double spread) {
            return spread < maxSpread || mean < darkBelow || mean > brightAbove;
        }
    }

    /**
     * The layout of the view (its thumbnail with brightness and contrast taken out, so lights
     * going on are no change) correlates below {@code minCorrelation} with the one learnt, and
     * the new layout holds still (correlates at least {@code minCorrelation} with itself) for
     * {@code after}; people passing never hold the whole view still that long. The new view is
     * adopted as the camera's own after {@code adoptAfter}, which ends the alert.
     */
    public record Moved(Duration after, double minCorrelation, Duration adoptAfter) implements Serializable {
        static Moved read(RuleTree t) {
            Moved m = new Moved(t.positiveDuration("after"), t.between("min_correlation", 0.1, 0.95), t.positiveDuration("adopt_after"));
            if (m.adoptAfter.compareTo(m.after) <= 0) {
                throw new io.safetywatcher.common.config.ConfigException(t.key("adopt_after") + " (" + m.adoptAfter.toSeconds()
                        + " s) must be longer than " + t.key("after") + " (" + m.after.toSeconds() + " s)");
            }
            return m;
        }
    }

    static DeviceHealthRules read(RuleTree offline, RuleTree silent, RuleTree frozen, RuleTree covered, RuleTree moved) {
        return new DeviceHealthRules(Offline.read(offline), Silent.read(silent), Frozen.read(frozen), Covered.read(covered),
                Moved.read(moved));
    }
}
