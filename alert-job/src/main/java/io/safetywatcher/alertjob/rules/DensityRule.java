package io.safetywatcher.alertjob.rules;

import io.safetywatcher.common.config.ConfigException;
import io.safetywatcher.common.event.Severity;

import java.io.Serializable;
import java.time.Duration;
import java.util.Optional;

/**
 * Crowd density against Fruin's levels of service, in people per square metre.
 *
 * @param smoothing each device's density is averaged over this window before it is judged
 */
public record DensityRule(Duration smoothing, double slowed, double contact, double dangerous,
                          Severity slowedSeverity, Severity contactSeverity, Severity dangerousSeverity)
        implements Serializable {

    /** The severity for a density, or empty below the first level. */
    public Optional<Severity> severityFor(double density) {
        if (density >= dangerous) {
            return Optional.of(dangerousSeverity);
        }
        if (density >= contact) {
            return Optional.of(contactSeverity);
        }
        if (density >= slowed) {
            return Optional.of(slowedSeverity);
        }
        return Optional.empty();
    }

    /** The level's name, for summaries. */
    public String levelName(double density) {
        if (density >= dangerous) {
            return "dangerous";
        }
        if (density >= contact) {
            return "contact";
        }
        return density >= slowed ? "slowed" : "free";
    }

    static DensityRule read(RuleTree t) {
        Duration smoothing = t.positiveDuration("smoothing");
        RuleTree levels = t.child("levels");
        double slowed = levels.positive("slowed");
        double contact = levels.positive("contact");
        double dangerous = levels.positive("dangerous");
        levels.finish();
        if (!(slowed < contact && contact < dangerous)) {
            throw new ConfigException(levels.path() + " must rise: slowed < contact < dangerous, got "
                    + RuleTree.format(slowed) + ", " + RuleTree.format(contact) + ", " + RuleTree.format(dangerous));
        }
        RuleTree sev = t.child("severities");
        DensityRule r = new DensityRule(smoothing, slowed, contact, dangerous,
                sev.severity("slowed"), sev.severity("contact"), sev.severity("dangerous"));
        sev.finish();
        return r;
    }
}
