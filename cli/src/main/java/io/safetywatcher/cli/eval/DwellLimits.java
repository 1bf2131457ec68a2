package io.safetywatcher.cli.eval;

import io.safetywatcher.alertjob.rules.RuleSet;
import io.safetywatcher.alertjob.rules.ZoneFacts;
import io.safetywatcher.common.config.WatcherConfig;
import io.safetywatcher.common.event.AlertType;
import io.safetywatcher.common.event.Incident;
import io.safetywatcher.simulator.city.City;
import io.safetywatcher.simulator.city.CityFile;
import io.safetywatcher.simulator.registry.RegistryWriter;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Each zone's dwell limit under the rules a scenario is played with. Someone staying in a zone
 * is only loitering once they pass its limit, so that is when a loiterer's evidence exists: the
 * generator stages loiterers past it, and the scorer counts loitering's time to detect from it
 * (the simulator's truth cannot: it does not know the rules).
 */
final class DwellLimits {
    /** The incident types that are a crowd in their zone: a loiterer's dwell counts after them. */
    static final Set<AlertType> CROWDS = EnumSet.of(AlertType.CROWD_DENSITY, AlertType.CROWD_SURGE);

    private final RuleSet rules;
    private final Map<String, Duration> byZone = new HashMap<>();

    private DwellLimits(RuleSet rules, City city) {
        this.rules = rules;
        RegistryWriter.zones(city, Instant.EPOCH).forEach(z -> byZone.put(z.id(), rules.zone(ZoneFacts.of(z, null)).maxDwell()));
    }

    static DwellLimits of(RuleSet rules, City city) {
        return new DwellLimits(rules, city);
    }

    /** The limits of the stack's city (the config's {@code simulator.city}) under a rule file, {@code null} for the defaults. */
    static DwellLimits of(Path rules, WatcherConfig config) {
        return new DwellLimits(RuleSet.load(rules), CityFile.load(config.get("simulator.city")));
    }

    /** The zone's limit; a zone the city does not list has its rule file's override or the default kind's. */
    Duration limit(String zone) {
        Duration d = byZone.get(zone);
        return d != null ? d : rules.zone(zone).maxDwell();
    }

    /**
     * The truth as scored: each loiterer detectable from its zone's dwell limit (its end if it left
     * sooner), unless the truth already says later. Time in a crowd does not count to a dwell
     * (the rules' own limit: in a packed crowd one person's stay cannot be told from the crowd's),
     * so for a loiterer who was in a crowd incident of their zone the limit counts from the last
     * one's thinning out ({@code evident_until}). Other incidents are unchanged.
     */
    List<Incident> onTruth(List<Incident> truth) {
        return truth.stream().map(i -> {
            if (i.type() != AlertType.LOITERING) {
                return i;
            }
            Instant counted = i.start();
            for (Incident c : truth) {
                if (CROWDS.contains(c.type()) && c.zone().equals(i.zone()) && c.start().isBefore(i.end())
                        && c.evidentUntil().isAfter(counted)) {
                    counted = c.evidentUntil();
                }
            }
            Instant limit = counted.plus(limit(i.zone()));
            Instant from = limit.isAfter(i.end()) ? i.end() : limit;
            return from.isAfter(i.detectableFrom()) ? i.detectableFrom(from) : i;
        }).toList();
    }
}
