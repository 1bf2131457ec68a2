package io.safetywatcher.alertjob.rules;

import io.safetywatcher.common.event.OpeningHours;

import io.safetywatcher.alertjob.Fixtures;
import io.safetywatcher.common.config.ConfigException;
import io.safetywatcher.common.event.AlertType;
import io.safetywatcher.common.event.Severity;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RuleSetTest {

    @Test
    void defaultsLoadWithTheDocumentedValues() {
        RuleSet r = RuleSet.defaults();
        assertThat(r.alert(AlertType.GUNSHOT)).isEqualTo(new AlertRule(AlertType.GUNSHOT, Duration.ZERO,
                Duration.ofSeconds(30), Duration.ofMinutes(1), Severity.CRITICAL));
        assertThat(r.alert(AlertType.CROWD_DENSITY).forDuration()).isEqualTo(Duration.ZERO);
        assertThat(r.trigger(AlertType.GUNSHOT).minConfidence()).isEqualTo(0.8);
        assertThat(r.breakIn()).isEqualTo(new BreakInRule(Duration.ofSeconds(120), Duration.ofSeconds(60), 0.001, List.of("trespassing"), 0.6));
        assertThat(r.noise()).isEqualTo(new NoiseRule(0.02, 6.0, 60, 6, 60, 2.0, 105, Duration.ofMinutes(15), Duration.ofMinutes(30)));
        assertThat(r.density().slowed()).isEqualTo(2.0);
        assertThat(r.density().contact()).isEqualTo(3.6);
        assertThat(r.density().dangerous()).isEqualTo(5.5);
        assertThat(r.density().severityFor(1.9)).isEmpty();
        assertThat(r.density().severityFor(2.0)).contains(Severity.LOW);
        assertThat(r.density().severityFor(4.0)).contains(Severity.MEDIUM);
        assertThat(r.density().severityFor(6.0)).contains(Severity.HIGH);
        assertThat(r.behaviour().weight("carrying_weapon")).isEqualTo(3.0);
        assertThat(r.behaviour().weight("no-such-label")).isEqualTo(0.0);
        assertThat(r.risk().severityFor(0.8)).contains(Severity.HIGH);
        assertThat(r.inhibitions()).hasSize(5);
        assertThat(r.allowedLateness()).isEqualTo(Duration.ofSeconds(30));
        assertThat(r.version()).matches("[0-9a-f]{12}");
    }

    @Test
    void everyAlertTypeHasALifecycle() {
        RuleSet r = RuleSet.defaults();
        for (AlertType t : AlertType.values()) {
            assertThat(r.alert(t)).as(t.id()).isNotNull();
            assertThat(r.alert(t).resolveAfter()).as(t.id()).isPositive();
        }
    }

    @Test
    void aUserFileOverridesOnlyTheKeysItNames(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("rules.yaml");
        Files.writeString(file, """
                rules:
                  noise:
                    z_threshold: 5
                  suspicious_behaviour:
                    label_weights:
                      graffiti: 0.9
                """);
        RuleSet r = RuleSet.load(file);
        assertThat(r.noise().zThreshold()).isEqualTo(5.0);
        assertThat(r.noise().alpha()).isEqualTo(0.02);
        assertThat(r.behaviour().weight("graffiti")).isEqualTo(0.9);
        assertThat(r.behaviour().weight("carrying_weapon")).isEqualTo(3.0);
        assertThat(r.version()).isNotEqualTo(RuleSet.defaults().version());
        assertThat(r.describe().get(0)).isEqualTo("rules " + r.version() + " (defaults + " + file + ")");
    }

    @Test
    void theVersionDependsOnTheEffectiveRulesOnly() {
        RuleSet a = RuleSet.parse("rules: {noise: {z_threshold: 5}}", "a.yaml");
        RuleSet b = RuleSet.parse("rules:\n  noise:\n    z_threshold: 5\n", "b.yaml");
        RuleSet sameAsDefaults = RuleSet.parse("rules: {noise: {z_threshold: 6.0}}", "c.yaml");
        assertThat(a.version()).isEqualTo(b.version());
        assertThat(sameAsDefaults.version()).isEqualTo(RuleSet.defaults().version());
        assertThat(RuleSet.load(null).version()).isEqualTo(RuleSet.defaults().version());
    }

    @Test
    void anEmptyFileMeansTheDefaults() {
        assertThat(RuleSet.parse("", "empty.yaml").version()).isEqualTo(RuleSet.defaults().version());
    }

    @Test
    void aBadValueIsReportedWithItsFullKey() {
        assertThatThrownBy(() -> RuleSet.parse("rules: {noise: {z_threshold: -1}}", "my.yaml"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("rules.noise.z_threshold must be > 0, got -1 (in my.yaml)");
        assertThatThrownBy(() -> RuleSet.parse("rules: {gunshot: {for: 10}}", "my.yaml"))
                .hasMessage("rules.gunshot.for must be a duration like 30s, 2m or 1h, got 10 (in my.yaml)");
        assertThatThrownBy(() -> RuleSet.parse("rules: {gunshot: {cooldown: 5 minutes}}", "my.yaml"))
                .hasMessage("rules.gunshot.cooldown: '5 minutes' is not a duration like 500ms, 5s, 5m, 2h or 7d (in my.yaml)");
        assertThatThrownBy(() -> RuleSet.parse("rules: {panic: {severity: urgent}}", "my.yaml"))
                .hasMessage("rules.panic.severity must be one of info, low, medium, high, critical, got 'urgent' (in my.yaml)");
        assertThatThrownBy(() -> RuleSet.parse("rules: {noise: {resolve_after: 0s}}", "my.yaml"))
                .hasMessage("rules.noise.resolve_after must be longer than 0s, got 0s (in my.yaml)");
        assertThatThrownBy(() -> RuleSet.parse("rules: {noise: {warmup_samples: 2.5}}", "my.yaml"))
                .hasMessage("rules.noise.warmup_samples must be a whole number, got 2.5 (in my.yaml)");
        assertThatThrownBy(() -> RuleSet.parse("rules: {noise: {warmup_samples: 40, early_samples: 50}}", "my.yaml"))
                .hasMessage("rules.noise.early_samples must be at most rules.noise.warmup_samples (40): a sensor with no history is judged"
                        + " early, before its warm-up ends, got 50 (in my.yaml)");
    }

    @Test
    void aTypoIsAnErrorWithASuggestion() {
        assertThatThrownBy(() -> RuleSet.parse("rules: {noise: {z_treshold: 3}}", "my.yaml"))
                .hasMessage("unknown key rules.noise.z_treshold; did you mean rules.noise.z_threshold? (in my.yaml)");
        assertThatThrownBy(() -> RuleSet.parse("rulez: {}", "my.yaml"))
                .hasMessage("unknown key rulez; did you mean rules? (in my.yaml)");
    }

    @Test
    void inconsistentLevelsAreRejected() {
        assertThatThrownBy(() -> RuleSet.parse("rules: {crowd_density: {levels: {contact: 6}}}", "my.yaml"))
                .hasMessage("rules.crowd_density.levels must rise: slowed < contact < dangerous, got 2, 6, 5.5 (in my.yaml)");
        assertThatThrownBy(() -> RuleSet.parse("rules: {crowd_risk: {weights: {density: 0.9}}}", "my.yaml"))
                .hasMessage("rules.crowd_risk.weights must add up to 1 so the score stays within 0..1, got 1.4 (in my.yaml)");
        assertThatThrownBy(() -> RuleSet.parse("rules: {crowd_risk: {model: forest}}", "my.yaml"))
                .hasMessage("rules.crowd_risk.model must be rule or learned, got 'forest' (in my.yaml)");
        assertThatThrownBy(() -> RuleSet.parse("rules: {suspicious_behaviour: {high_threshold: 1}}", "my.yaml"))
                .hasMessage("rules.suspicious_behaviour.high_threshold must be >= rules.suspicious_behaviour.threshold (1.3), got 1 (in my.yaml)");
    }

    @Test
    void invalidYamlAndMissingFilesAreClear(@TempDir Path dir) {
        assertThatThrownBy(() -> RuleSet.parse("rules: [unclosed", "my.yaml"))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("rule file my.yaml is not valid YAML:");
        assertThatThrownBy(() -> RuleSet.load(dir.resolve("nope.yaml")))
                .hasMessage("rule file " + dir.resolve("nope.yaml").toAbsolutePath() + " does not exist");
    }

    @Test
    void inhibitionsReplaceTheDefaultListAndNameUnknownTypes() {
        RuleSet r = RuleSet.parse("""
                inhibitions:
                  - name: panic covers noise
                    source: {types: [panic]}
                    target: {types: [noise]}
                """, "my.yaml");
        assertThat(r.inhibitions()).hasSize(1);
        InhibitRule rule = r.inhibitions().get(0);
        assertThat(rule.inhibits(AlertType.PANIC, Severity.CRITICAL, AlertType.NOISE, Severity.HIGH)).isTrue();
        assertThat(rule.inhibits(AlertType.GUNSHOT, Severity.CRITICAL, AlertType.NOISE, Severity.HIGH)).isFalse();
        assertThatThrownBy(() -> RuleSet.parse("inhibitions: [{source: {types: [explosion]}, target: {}}]", "my.yaml"))
                .hasMessage("inhibitions[0].source.types: unknown alert type 'explosion'; known: intrusion, loitering, fight, "
                        + "gunshot, glass-break, break-in, panic, noise, suspicious-behaviour, crowd-density, crowd-surge, crowd-risk, device-fault, camera-offline, camera-frozen, camera-covered, camera-moved, sensor-silent (in my.yaml)");
    }

    @Test
    void defaultInhibitionsCoverTheDesignedCases() {
        RuleSet r = RuleSet.defaults();
        assertThat(inhibited(r, AlertType.BREAK_IN, Severity.CRITICAL, AlertType.GLASS_BREAK, Severity.HIGH)).isTrue();
        assertThat(inhibited(r, AlertType.CROWD_RISK, Severity.HIGH, AlertType.CROWD_DENSITY, Severity.HIGH)).isTrue();
        assertThat(inhibited(r, AlertType.CROWD_RISK, Severity.MEDIUM, AlertType.CROWD_DENSITY, Severity.MEDIUM)).isFalse();
        assertThat(inhibited(r, AlertType.GUNSHOT, Severity.CRITICAL, AlertType.LOITERING, Severity.LOW)).isTrue();
        assertThat(inhibited(r, AlertType.GUNSHOT, Severity.CRITICAL, AlertType.INTRUSION, Severity.HIGH)).isFalse();
        assertThat(inhibited(r, AlertType.PANIC, Severity.CRITICAL, AlertType.GUNSHOT, Severity.CRITICAL)).isFalse();
        assertThat(inhibited(r, AlertType.GLASS_BREAK, Severity.HIGH, AlertType.BREAK_IN, Severity.CRITICAL)).isFalse();
    }

    private static boolean inhibited(RuleSet r, AlertType src, Severity srcSev, AlertType tgt, Severity tgtSev) {
        return r.inhibitions().stream().anyMatch(i -> i.inhibits(src, srcSev, tgt, tgtSev));
    }

    @Test
    void zoneSettingsLayerOverrideOverRegistryOverKind() {
        RuleSet r = RuleSet.parse("""
                zones:
                  overrides:
                    z-station:
                      importance: 3
                      opening_hours: "05:00-00:30"
                """, "my.yaml");
        Zone fromRegistry = r.zone(new ZoneFacts("z-station", "transit", "06:00-22:00", "Europe/Berlin", 4));
        assertThat(fromRegistry).isEqualTo(new Zone("z-station", "transit", OpeningHours.parse("k", "05:00-00:30"),
                ZoneId.of("Europe/Berlin"), Duration.ofMinutes(5), 3));

        Zone park = r.zone(new ZoneFacts("z-park", "park", null, null, null));
        assertThat(park).isEqualTo(new Zone("z-park", "park", OpeningHours.parse("k", "06:00-23:00"), ZoneId.of("UTC"),
                Duration.ofMinutes(5), 2));

        Zone unknownKind = r.zone(new ZoneFacts("z-x", "harbour", null, null, 5));
        assertThat(unknownKind.openingHours()).isEqualTo(OpeningHours.ALWAYS);
        assertThat(unknownKind.importance()).isEqualTo(5);
        assertThat(unknownKind.maxDwell()).isEqualTo(Duration.ofMinutes(5));

        assertThat(r.zone("never-heard-of").kind()).isEqualTo("default");
    }

    @Test
    void openingHoursRespectTheZonesTimeZoneAndMidnight() {
        Zone park = RuleSet.defaults().zone(new ZoneFacts("p", "park", "06:00-23:00", "Europe/Berlin", null));
        // 2024-05-14 is summer time in Berlin: UTC+2.
        assertThat(park.isOpenAt(Instant.parse("2024-05-14T03:59:00Z"))).isFalse();
        assertThat(park.isOpenAt(Instant.parse("2024-05-14T04:00:00Z"))).isTrue();
        assertThat(park.isOpenAt(Instant.parse("2024-05-14T20:59:00Z"))).isTrue();
        assertThat(park.isOpenAt(Instant.parse("2024-05-14T21:00:00Z"))).isFalse();

        OpeningHours night = OpeningHours.parse("k", "22:00-06:00");
        assertThat(night.isOpen(LocalTime.of(23, 0))).isTrue();
        assertThat(night.isOpen(LocalTime.of(5, 59))).isTrue();
        assertThat(night.isOpen(LocalTime.of(6, 0))).isFalse();
        assertThat(night.isOpen(LocalTime.NOON)).isFalse();
        assertThat(OpeningHours.parse("k", "00:00-24:00")).isEqualTo(OpeningHours.ALWAYS);
        assertThatThrownBy(() -> OpeningHours.parse("zones.kinds.park.opening_hours", "6am-11pm"))
                .hasMessage("zones.kinds.park.opening_hours must look like 06:00-23:00, got '6am-11pm'");
    }

    @Test
    void zoneMistakesNameTheirKey() {
        assertThatThrownBy(() -> RuleSet.parse("zones: {overrides: {z1: {kind: arena}}}", "my.yaml"))
                .hasMessageStartingWith("zones.overrides.z1.kind: unknown zone kind 'arena'; known: campus, default, market, park, residential, stadium, transit");
        assertThatThrownBy(() -> RuleSet.parse("zones: {overrides: {z1: {importance: 9}}}", "my.yaml"))
                .hasMessage("zones.overrides.z1.importance must be between 1 and 5, got 9 (in my.yaml)");
        assertThatThrownBy(() -> RuleSet.parse("zones: {overrides: {z1: {timezone: Mars/Olympus}}}", "my.yaml"))
                .hasMessage("zones.overrides.z1.timezone must be an IANA time zone like Europe/Berlin, got 'Mars/Olympus' (in my.yaml)");
        assertThatThrownBy(() -> RuleSet.defaults().zone(new ZoneFacts("z9", null, "always", null, null)))
                .hasMessage("zone z9 in the registry: opening_hours must look like 06:00-23:00, got 'always'");
    }

    @Test
    void describeListsEveryTypeAndTheInhibitions() {
        RuleSet r = RuleSet.defaults();
        var lines = r.describe();
        assertThat(lines.get(0)).isEqualTo("rules " + r.version() + " (defaults)");
        assertThat(lines).anyMatch(l -> l.equals("  gunshot               for 0s, resolve after 30s, cooldown 1m, critical; min confidence 0.8"));
        assertThat(lines).anyMatch(l -> l.startsWith("  crowd-density         for 0s, resolve after 1m, cooldown 1m, medium; p/m2 slowed 2 (low), contact 3.6 (medium), dangerous 5.5 (high)"));
        assertThat(lines).anyMatch(l -> l.equals("  break-in              for 0s, resolve after 2m, cooldown 5m, critical; window 2m, door held open by chance < 0.001"
                + " (1m until learnt), camera labels trespassing >= 0.6"));
        assertThat(lines).anyMatch(l -> l.equals("    break-in covers glass-break: break-in inhibits glass-break in the same zone"));
        assertThat(lines).anyMatch(l -> l.equals("    critical covers low: any alert >= critical inhibits any alert <= low when less severe in the same zone"));
        assertThat(lines).anyMatch(l -> l.startsWith("    kind transit    04:30-01:00, max dwell 5m, importance 5"));
        assertThat(lines.get(lines.size() - 1)).isEqualTo("  late data: allowed lateness 30s");
        for (AlertType t : AlertType.values()) {
            assertThat(lines).as(t.id()).anyMatch(l -> l.startsWith(String.format("  %-21s for ", t.id())));
        }
    }

    @Test
    void durationsPrintTheWayTheFileWritesThem() {
        assertThat(RuleSet.formatDuration(Duration.ZERO)).isEqualTo("0s");
        assertThat(RuleSet.formatDuration(Duration.ofSeconds(90))).isEqualTo("1m30s");
        assertThat(RuleSet.formatDuration(Duration.ofHours(26))).isEqualTo("1d2h");
        assertThat(RuleSet.formatDuration(Duration.ofMillis(500))).isEqualTo("500ms");
    }

    @Test
    void theRuleSetSurvivesSerialization() {
        RuleSet r = RuleSet.parse("zones: {overrides: {z1: {kind: park, timezone: Europe/Paris}}}", "my.yaml");
        RuleSet copy = Fixtures.roundTrip(r);
        assertThat(copy.version()).isEqualTo(r.version());
        assertThat(copy.zone("z1")).isEqualTo(r.zone("z1"));
        assertThat(copy.describe()).isEqualTo(r.describe());
    }
}
