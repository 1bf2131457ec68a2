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
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Each zone's dwell limit under the rules a scenario is played with. Someone staying in a zone
 * is only loitering once they pass its limit, so that is when a loiterer's evidence exists: the
 * generator stages loiterers past it, and the scorer counts loitering's time to detect from it
 * (the simulator's truth cannot: it does not know the rules).
 */
final class DwellLimits {
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
     * sooner), unless the truth already says later. Other incidents are unchanged.
     */
    List<Incident> onTruth(List<Incident> truth) {
        return truth.stream().map(i -> {
            if (i.type() != AlertType.LOITERING) {
                return i;
            }
            Instant limit = i.start().plus(limit(i.zone()));
            Instant from = limit.isAfter(i.end()) ? i.end() : limit;
            return from.isAfter(i.detectableFrom()) ? i.detectableFrom(from) : i;
        }).toList();
    }
}
