package io.safetywatcher.alertjob.rules;

import io.safetywatcher.common.event.OpeningHours;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.safetywatcher.common.config.ConfigException;
import io.safetywatcher.common.event.AlertType;

import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The alert rules in force: thresholds, durations, inhibitions and zone settings, from
 * {@code rules-default.yaml} with an optional user file merged over it. Immutable and
 * serializable, so a Spark job can ship it to its executors as it is.
 *
 * <p>{@link #version()} is a short hash of the effective rules; every alert carries it, so an
 * alert can always be traced to the rules that raised it.
 */
public final class RuleSet implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final String DEFAULTS = "/rules-default.yaml";
    private static final String DEFAULT_KIND = "default";
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private final Map<AlertType, AlertRule> alerts;
    private final Map<AlertType, TriggerRule> triggers;
    private final BreakInRule breakIn;
    private final NoiseRule noise;
    private final BehaviourRule behaviour;
    private final DensityRule density;
    private final SurgeRule surge;
    private final RiskRule risk;
    private final IntrusionRule intrusion;
    private final FightRule fight;
    private final DeviceFaultRule deviceFault;
    private final DeviceHealthRules deviceHealth;
    private final List<InhibitRule> inhibitions;
    private final List<ArmingRule> arming;
    private final ZoneId defaultTimezone;
    private final Map<String, ZoneSettings> kinds;
    private final Map<String, ZoneSettings> overrides;
    private final Duration allowedLateness;
    private final Damping damping;
    private final String source;
    private final String version;

    private RuleSet(JsonNode merged, String source) {
        this.source = source;
        RuleTree root = new RuleTree("", merged);

        RuleTree r = root.child("rules");
        Map<AlertType, AlertRule> alertRules = new EnumMap<>(AlertType.class);
        Map<String, RuleTree> sections = new TreeMap<>();
        for (AlertType type : AlertType.values()) {
            RuleTree t = r.child(sectionName(type));
            sections.put(type.id(), t);
            alertRules.put(type, AlertRule.read(type, t));
        }
        Map<AlertType, TriggerRule> triggerRules = new EnumMap<>(AlertType.class);
        for (AlertType type : List.of(AlertType.GUNSHOT, AlertType.GLASS_BREAK, AlertType.PANIC)) {
            triggerRules.put(type, TriggerRule.read(type, sections.get(type.id())));
        }
        this.alerts = Map.copyOf(alertRules);
        this.triggers = Map.copyOf(triggerRules);
        this.breakIn = BreakInRule.read(sections.get(AlertType.BREAK_IN.id()));
        this.noise = NoiseRule.read(sections.get(AlertType.NOISE.id()));
        this.behaviour = BehaviourRule.read(sections.get(AlertType.SUSPICIOUS_BEHAVIOUR.id()));
        this.density = DensityRule.read(sections.get(AlertType.CROWD_DENSITY.id()));
        this.surge = SurgeRule.read(sections.get(AlertType.CROWD_SURGE.id()));
        this.risk = RiskRule.read(sections.get(AlertType.CROWD_RISK.id()));
        this.intrusion = IntrusionRule.read(sections.get(AlertType.INTRUSION.id()));
        this.fight = FightRule.read(sections.get(AlertType.FIGHT.id()));
        this.deviceFault = DeviceFaultRule.read(sections.get(AlertType.DEVICE_FAULT.id()));
        this.deviceHealth = DeviceHealthRules.read(sections.get(AlertType.CAMERA_OFFLINE.id()), sections.get(AlertType.SENSOR_SILENT.id()),
                sections.get(AlertType.CAMERA_FROZEN.id()), sections.get(AlertType.CAMERA_COVERED.id()),
                sections.get(AlertType.CAMERA_MOVED.id()));
        sections.values().forEach(RuleTree::finish);
        r.finish();

        List<InhibitRule> inhibitRules = new ArrayList<>();
        for (RuleTree t : root.list("inhibitions")) {
            inhibitRules.add(InhibitRule.read(t));
        }
        this.inhibitions = List.copyOf(inhibitRules);

        RuleTree z = root.child("zones");
        this.defaultTimezone = ZoneSettings.timezone(z.key("timezone"), z.text("timezone"));
        this.kinds = readKinds(z.child("kinds"));
        this.overrides = readOverrides(z.child("overrides"), kinds.keySet());
        z.finish();

        Map<String, List<io.safetywatcher.common.event.TimeInterval>> intervals = ArmingRule.readIntervals(root.child("time_intervals"));
        List<ArmingRule> armingRules = new ArrayList<>();
        for (RuleTree t : root.list("arming")) {
            armingRules.add(ArmingRule.read(t, intervals, kinds.keySet()));
        }
        this.arming = List.copyOf(armingRules);

        RuleTree lc = root.child("lifecycle");
        this.damping = Damping.read(lc);
        lc.finish();

        RuleTree late = root.child("late_data");
        this.allowedLateness = late.duration("allowed_lateness");
        late.finish();
        root.finish();

        this.version = hash(merged);
    }

    /** The shipped defaults alone. */
    public static RuleSet defaults() {
        return new RuleSet(defaultTree(), "defaults");
    }

    /** The defaults with {@code file} merged over them; {@code null} means the defaults alone. */
    public static RuleSet load(Path file) {
        if (file == null) {
            return defaults();
        }
        if (!Files.isRegularFile(file)) {
            throw new ConfigException("rule file " + file.toAbsolutePath() + " does not exist");
        }
        try {
            return parse(Files.readString(file, StandardCharsets.UTF_8), file.toString());
        } catch (IOException e) {
            throw new ConfigException("cannot read rule file " + file + ": " + e.getMessage(), e);
        }
    }

    /** The defaults with the YAML text merged over them; {@code origin} names it in errors. */
    public static RuleSet parse(String yaml, String origin) {
        JsonNode overlay;
        try {
            overlay = YAML.readTree(yaml);
        } catch (JsonProcessingException e) {
            throw new ConfigException("rule file " + origin + " is not valid YAML: " + e.getOriginalMessage()
                    + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ")"), e);
        }
        if (overlay != null && !overlay.isNull() && !overlay.isMissingNode() && !overlay.isObject()) {
            throw new ConfigException("rule file " + origin + " must be a map of keys at the top level");
        }
        try {
            return new RuleSet(RuleTree.merge(defaultTree(), overlay), "defaults + " + origin);
        } catch (ConfigException e) {
            throw new ConfigException(e.getMessage() + " (in " + origin + ")", e);
        }
    }

    public AlertRule alert(AlertType type) { return alerts.get(type); }

    /** Gunshot, glass-break and panic only. */
    public TriggerRule trigger(AlertType type) {
        TriggerRule t = triggers.get(type);
        if (t == null) {
            throw new IllegalArgumentException(type.id() + " is not a single-detection alert type");
        }
        return t;
    }

    public BreakInRule breakIn() { return breakIn; }

    public NoiseRule noise() { return noise; }

    public BehaviourRule behaviour() { return behaviour; }

    public DensityRule density() { return density; }

    public SurgeRule surge() { return surge; }

    public RiskRule risk() { return risk; }

    public IntrusionRule intrusion() { return intrusion; }

    public FightRule fight() { return fight; }

    public DeviceFaultRule deviceFault() { return deviceFault; }

    public DeviceHealthRules deviceHealth() { return deviceHealth; }

    public List<InhibitRule> inhibitions() { return inhibitions; }

    public List<ArmingRule> arming() { return arming; }

    /**
     * The arming rule that keeps {@code type} from firing in {@code zone} at {@code t}, or null
     * when it may fire (no matching rule, or every matching rule is armed then).
     */
    public String disarmedBy(Zone zone, AlertType type, java.time.Instant t) {
        for (ArmingRule r : arming) {
            if (r.matches(zone, type) && !r.armedAt(zone, t)) {
                return r.name();
            }
        }
        return null;
    }

    /** Records older than the watermark by more than this are late. */
    public Duration allowedLateness() { return allowedLateness; }

    /** Against flapping: minimum time between updates, the downgrade hold, the reopen window. */
    public Damping damping() { return damping; }

    /** A short hash of the effective rules, stamped on every alert. */
    public String version() { return version; }

    /** A zone the registry does not describe: its override, else the default kind. */
    public Zone zone(String zoneId) {
        return zone(ZoneFacts.unknown(zoneId));
    }

    /**
     * One zone's settings. Later layers fill what earlier ones leave open: the rule file's
     * override for this zone id, the registry's facts, the zone kind's defaults, the
     * {@code default} kind.
     */
    public Zone zone(ZoneFacts facts) {
        String id = facts.id();
        ZoneSettings override = overrides.getOrDefault(id, new ZoneSettings(null, null, null, null, null));
        ZoneSettings registry = registryLayer(facts);
        String kind = override.kind() != null ? override.kind() : registry.kind() != null ? registry.kind() : DEFAULT_KIND;
        ZoneSettings kindLayer = kinds.getOrDefault(kind, kinds.get(DEFAULT_KIND));
        ZoneSettings s = override.over(registry).over(kindLayer);
        ZoneId tz = s.timezone() != null ? s.timezone() : defaultTimezone;
        return new Zone(id, kind, s.openingHours(), tz, s.maxDwell(), s.importance());
    }

    /** Lines for the start-up printout. */
    public List<String> describe() {
        List<String> lines = new ArrayList<>();
        lines.add("rules " + version + " (" + source + ")");
        for (AlertType type : AlertType.values()) {
            lines.add(String.format("  %-21s %s%s", type.id(), alerts.get(type).describe(), detail(type)));
        }
        lines.add("  inhibitions:");
        if (inhibitions.isEmpty()) {
            lines.add("    none");
        }
        inhibitions.forEach(i -> lines.add("    " + i.describe()));
        lines.add("  arming:");
        if (arming.isEmpty()) {
            lines.add("    every rule armed at all times");
        }
        arming.forEach(a -> lines.add("    " + a.describe()));
        lines.add("  zones (default time zone " + defaultTimezone + "):");
        kinds.forEach((k, s) -> lines.add(String.format("    kind %-10s %s, max dwell %s, importance %d%s", k, s.openingHours(),
                formatDuration(s.maxDwell()), s.importance(), s.timezone() == null ? "" : ", " + s.timezone())));
        overrides.forEach((id, s) -> lines.add("    zone " + id + ": " + overrideText(s)));
        lines.add("  lifecycle: " + damping.describe());
        lines.add("  late data: allowed lateness " + formatDuration(allowedLateness));
        return lines;
    }

    /** "30s", "2m", "1h30m", "500ms": the shape the rule file uses. */
    public static String formatDuration(Duration d) {
        if (d.isZero()) {
            return "0s";
        }
        StringBuilder sb = new StringBuilder();
        long days = d.toDays();
        if (days > 0) {
            sb.append(days).append('d');
        }
        if (d.toHoursPart() > 0) {
            sb.append(d.toHoursPart()).append('h');
        }
        if (d.toMinutesPart() > 0) {
            sb.append(d.toMinutesPart()).append('m');
        }
        if (d.toSecondsPart() > 0) {
            sb.append(d.toSecondsPart()).append('s');
        }
        if (d.toMillisPart() > 0) {
            sb.append(d.toMillisPart()).append("ms");
        }
        return sb.toString();
    }

    private String detail(AlertType type) {
        return switch (type) {
            case GUNSHOT, GLASS_BREAK, PANIC -> "; min confidence " + RuleTree.format(triggers.get(type).minConfidence());
            case BREAK_IN -> "; window " + formatDuration(breakIn.window()) + ", door held open by chance < " + RuleTree.format(breakIn.heldOpenChance())
                    + " (" + formatDuration(breakIn.heldOpen()) + " until learnt)"
                    + (breakIn.labels().isEmpty() ? "" : ", camera labels " + String.join("/", breakIn.labels()) + " >= " + RuleTree.format(breakIn.labelConfidence()));
            case NOISE -> String.format("; EWMA alpha %s, z >= %s, warm-up %d samples (judged by history before, or from %d samples without), >= %s dB (high >= %s dB), adapts after %s",
                    RuleTree.format(noise.alpha()), RuleTree.format(noise.zThreshold()), noise.warmupSamples(), noise.earlySamples(),
                    RuleTree.format(noise.minLevelDb()), RuleTree.format(noise.severeLevelDb()), formatDuration(noise.adaptAfter()));
            case SUSPICIOUS_BEHAVIOUR -> "; score >= " + RuleTree.format(behaviour.threshold()) + " (high >= "
                    + RuleTree.format(behaviour.highThreshold()) + ") over " + formatDuration(behaviour.window())
                    + ", weights " + behaviour.labelWeights();
            case CROWD_DENSITY -> String.format("; p/m2 slowed %s (%s), contact %s (%s), dangerous %s (%s), smoothed over %s",
                    RuleTree.format(density.slowed()), density.slowedSeverity().id(), RuleTree.format(density.contact()),
                    density.contactSeverity().id(), RuleTree.format(density.dangerous()), density.dangerousSeverity().id(),
                    formatDuration(density.smoothing()));
            case CROWD_SURGE -> "; growth >= " + RuleTree.format(surge.growthPerMinute()) + " p/m2 per minute over "
                    + formatDuration(surge.window()) + " from " + RuleTree.format(surge.minDensity()) + " p/m2";
            case CROWD_RISK -> String.format("; weights density %s growth %s noise %s importance %s; low %s medium %s high %s",
                    RuleTree.format(risk.densityWeight()), RuleTree.format(risk.growthWeight()), RuleTree.format(risk.noiseWeight()),
                    RuleTree.format(risk.importanceWeight()), RuleTree.format(risk.low()), RuleTree.format(risk.medium()),
                    RuleTree.format(risk.high())) + (risk.model() == RiskRule.Scorer.LEARNED ? "; graded by the learned model (this score stands in while there is none)" : "");
            case INTRUSION -> "; >= " + intrusion.minPeople() + " people for " + intrusion.minFrames() + " frames while closed (gaps up to "
                    + formatDuration(intrusion.maxGap()) + ")";
            case LOITERING -> "; dwell > the zone's max dwell";
            case FIGHT -> "; >= " + fight.minPeople() + " people, motion >= " + RuleTree.format(fight.motionThreshold())
                    + " (-" + Math.round(fight.noiseBoost() * 100) + "% with noise within " + formatDuration(fight.noiseWindow())
                    + "; noise required from " + RuleTree.format(fight.busyDensity()) + " p/m² in view; not while crowded nor " + formatDuration(fight.afterCrowd()) + " after)";
            case DEVICE_FAULT -> "; >= " + deviceFault.minRefused() + " of a camera's last " + deviceFault.window() + " frames refused";
            case CAMERA_OFFLINE -> "; no frame for " + formatDuration(deviceHealth.offline().after()) + " from a camera seen before";
            case SENSOR_SILENT -> "; no reading for " + deviceHealth.silent().missedPeriods() + " sampling periods (at least "
                    + formatDuration(deviceHealth.silent().minSilence()) + ")";
            case CAMERA_FROZEN -> "; the very same pixels for " + formatDuration(deviceHealth.frozen().after());
            case CAMERA_COVERED -> "; grey spread < " + RuleTree.format(deviceHealth.covered().maxSpread()) + ", mean < "
                    + RuleTree.format(deviceHealth.covered().darkBelow()) + " or > " + RuleTree.format(deviceHealth.covered().brightAbove())
                    + " for " + formatDuration(deviceHealth.covered().after());
            case CAMERA_MOVED -> "; layout correlation < " + RuleTree.format(deviceHealth.moved().minCorrelation()) + " held for "
                    + formatDuration(deviceHealth.moved().after()) + ", adopted after " + formatDuration(deviceHealth.moved().adoptAfter());
        };
    }

    private static String overrideText(ZoneSettings s) {
        List<String> parts = new ArrayList<>();
        if (s.kind() != null) {
            parts.add("kind " + s.kind());
        }
        if (s.openingHours() != null) {
            parts.add(s.openingHours().toString());
        }
        if (s.timezone() != null) {
            parts.add(s.timezone().toString());
        }
        if (s.maxDwell() != null) {
            parts.add("max dwell " + formatDuration(s.maxDwell()));
        }
        if (s.importance() != null) {
            parts.add("importance " + s.importance());
        }
        return String.join(", ", parts);
    }

    static String sectionName(AlertType type) {
        return type.id().replace('-', '_');
    }

    private static Map<String, ZoneSettings> readKinds(RuleTree t) {
        if (!t.has(DEFAULT_KIND)) {
            throw new ConfigException(t.key(DEFAULT_KIND) + " is missing: every zone falls back to it");
        }
        RuleTree defTree = t.child(DEFAULT_KIND);
        ZoneSettings def = ZoneSettings.read(defTree, false);
        if (def.openingHours() == null) {
            throw new ConfigException(defTree.key("opening_hours") + " is missing");
        }
        if (def.maxDwell() == null) {
            throw new ConfigException(defTree.key("max_dwell") + " is missing");
        }
        if (def.importance() == null) {
            throw new ConfigException(defTree.key("importance") + " is missing");
        }
        Map<String, ZoneSettings> kinds = new TreeMap<>();
        kinds.put(DEFAULT_KIND, def);
        for (String kind : t.names()) {
            if (!kind.equals(DEFAULT_KIND)) {
                kinds.put(kind, ZoneSettings.read(t.child(kind), false).over(def));
            }
        }
        t.finish();
        return Collections.unmodifiableMap(kinds);
    }

    private static Map<String, ZoneSettings> readOverrides(RuleTree t, Set<String> kinds) {
        Map<String, ZoneSettings> out = new TreeMap<>();
        for (String zoneId : t.names()) {
            RuleTree zt = t.child(zoneId);
            ZoneSettings s = ZoneSettings.read(zt, true);
            if (s.kind() != null && !kinds.contains(s.kind())) {
                throw new ConfigException(zt.key("kind") + ": unknown zone kind '" + s.kind() + "'; known: "
                        + String.join(", ", new TreeSet<>(kinds)));
            }
            out.put(zoneId, s);
        }
        t.finish();
        return Collections.unmodifiableMap(out);
    }

    private ZoneSettings registryLayer(ZoneFacts f) {
        String where = "zone " + f.id() + " in the registry";
        OpeningHours hours = f.openingHours() == null || f.openingHours().isBlank() ? null
                : OpeningHours.parse(where + ": opening_hours", f.openingHours());
        ZoneId tz = null;
        if (f.timezone() != null && !f.timezone().isBlank()) {
            try {
                tz = ZoneId.of(f.timezone());
            } catch (DateTimeException e) {
                throw new ConfigException(where + ": timezone must be an IANA time zone, got '" + f.timezone() + "'");
            }
        }
        Integer importance = f.importance();
        if (importance != null && (importance < 1 || importance > 5)) {
            throw new ConfigException(where + ": importance must be between 1 and 5, got " + importance);
        }
        return new ZoneSettings(f.kind(), hours, tz, null, importance);
    }

    private static JsonNode defaultTree() {
        try (InputStream in = RuleSet.class.getResourceAsStream(DEFAULTS)) {
            if (in == null) {
                throw new IllegalStateException(DEFAULTS + " is not on the classpath");
            }
            return YAML.readTree(in);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the default rules " + DEFAULTS, e);
        }
    }

    private static String hash(JsonNode merged) {
        try {
            byte[] canonical = JsonMapper.builder().build().writeValueAsBytes(RuleTree.canonical(merged));
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(canonical);
            return HexFormat.of().formatHex(digest, 0, 6);
        } catch (JsonProcessingException | NoSuchAlgorithmException e) {
            throw new IllegalStateException("cannot hash the rules", e);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RuleSet other && version.equals(other.version);
    }

    @Override
    public int hashCode() { return Objects.hash(version); }

    @Override
    public String toString() { return "RuleSet " + version + " (" + source + ")"; }
}
