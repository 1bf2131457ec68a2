package io.safetywatcher.alertjob.detect;

import io.safetywatcher.alertjob.rules.RuleSet;
import io.safetywatcher.alertjob.rules.Zone;
import io.safetywatcher.alertjob.rules.ZoneFacts;
import io.safetywatcher.common.event.SensorType;

import java.io.Serializable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * All detectors of one zone behind one call: routes each input to the detectors it feeds
 * and passes what one learns to another (a noise anomaly backs a fight and raises crowd
 * risk; a density estimate feeds the zone's crowd risk). A refused frame goes to the device
 * fault detector alone; every registered device's report is noted for its cadence, and a
 * frame's view statistics go to the view-health detector. State is one
 * {@link ZoneDetectionState} per zone, which is how a streaming job keys it.
 *
 * <p>Footfall readings are accepted and ignored: no rule uses them yet.
 */
public final class ZoneDetection implements Serializable {
    private final RuleSet rules;
    private final Map<String, Zone> zones;
    private final Map<String, HourlyNoise> usualNoise;
    private final Map<String, Integer> capacity;
    private final TriggerDetector triggers;
    private final BreakInDetector breakIn;
    private final NoiseDetector noise;
    private final BehaviourDetector behaviour;
    private final CrowdDetector crowd;
    private final CrowdRiskDetector risk;
    private final IntrusionDetector intrusion;
    private final LoiteringDetector loitering;
    private final FightDetector fight;
    private final DeviceFaultDetector deviceFault;
    private final DeviceCadenceDetector cadence;
    private final ViewHealthDetector viewHealth;
    /** Per zone, its registered devices and how often each reports. */
    private final Map<String, Map<String, Cadence>> devices;

    /** Told the features of every crowd-risk grading (the training's replay listens); not part of the job's closure. */
    private transient RiskListener riskListener;

    /** @param registry what the device registry knows about each zone, by zone id */
    public ZoneDetection(RuleSet rules, Map<String, ZoneFacts> registry) {
        this(rules, registry, RiskModel.NONE);
    }

    /** @param model the learned crowd-risk model, used when the rules say {@code crowd_risk.model: learned} */
    public ZoneDetection(RuleSet rules, Map<String, ZoneFacts> registry, RiskModel model) {
        this.rules = rules;
        Map<String, Zone> resolved = new HashMap<>();
        Map<String, HourlyNoise> noises = new HashMap<>();
        Map<String, Integer> capacities = new HashMap<>();
        Map<String, Map<String, Cadence>> cadences = new HashMap<>();
        registry.forEach((id, facts) -> {
            cadences.put(id, facts.devices());
            resolved.put(id, rules.zone(facts));
            if (facts.usualNoise() != null && !facts.usualNoise().isEmpty()) {
                noises.put(id, facts.usualNoise());
            }
            if (facts.capacity() != null) {
                capacities.put(id, facts.capacity());
            }
        });
        this.zones = Map.copyOf(resolved);
        this.usualNoise = Map.copyOf(noises);
        this.capacity = Map.copyOf(capacities);
        this.triggers = new TriggerDetector(rules);
        this.breakIn = new BreakInDetector(rules);
        this.noise = new NoiseDetector(rules);
        this.behaviour = new BehaviourDetector(rules);
        this.crowd = new CrowdDetector(rules);
        this.risk = new CrowdRiskDetector(rules, model);
        this.intrusion = new IntrusionDetector(rules);
        this.loitering = new LoiteringDetector(rules);
        this.fight = new FightDetector(rules);
        this.deviceFault = new DeviceFaultDetector(rules);
        this.cadence = new DeviceCadenceDetector(rules);
        this.viewHealth = new ViewHealthDetector(rules);
        this.devices = Map.copyOf(cadences);
    }

    public RuleSet rules() { return rules; }

    /** What a replay of the history is told: a zone's crowd-risk features at the moment of one input. */
    @FunctionalInterface
    public interface RiskListener {
        void graded(String zone, Instant time, io.safetywatcher.common.risk.RiskFeatures features);
    }

    /** Tells {@code l} the features of every crowd-risk grading from now on (this instance only; not serialized). */
    public void listen(RiskListener l) {
        this.riskListener = l;
    }

    /** The rules' view of a zone: the registry's facts with the rule file's overrides. */
    public Zone zone(String zoneId) {
        Zone z = zones.get(zoneId);
        return z != null ? z : rules.zone(zoneId);
    }

    /** Every condition this input gives rise to, in a fixed order. */
    public List<Condition> detect(ZoneInput input, ZoneDetectionState s) {
        if (input instanceof ZoneObservation o) {
            // A smart camera's labels come only when it has something to say: no sign of life either way.
            List<Condition> out = new ArrayList<>(behaviour.detect(o, s.behaviour.computeIfAbsent(o.deviceId(), k -> new BehaviourWindow())));
            out.addAll(breakIn.detect(o, s.breakIn));
            return out;
        }
        List<Condition> out = new ArrayList<>(seen(input, s));
        if (input instanceof ZoneReading r) {
            out.addAll(reading(r, s));
        } else if (input instanceof FrameFault f) {
            out.addAll(deviceFault.detect(f, s.frameHealth(f.cameraId())));
        } else if (input instanceof FrameLook l) {
            out.addAll(viewHealth.detect(l.cameraId(), l.zone(), l.time(), l.view(), l.evidence(), s.viewHealth(l.cameraId())));
        } else {
            out.addAll(camera((CameraFeatures) input, s));
        }
        return out;
    }

    /** The zone's registered devices silent at {@code now} (the zone's clock), as conditions at {@code now}. */
    public List<Condition> tick(String zoneId, Instant now, ZoneDetectionState s) {
        Instant before = s.lastTick;
        if (before != null && !now.isAfter(before)) {
            return List.of(); // the clock has not moved: nothing new to judge
        }
        s.lastTick = now;
        if (before != null && java.time.Duration.between(before, now).compareTo(rules.deviceHealth().offline().zoneGap()) > 0) {
            cadence.restart(now, s.cadences());
        }
        return cadence.tick(zoneId, now, devices.getOrDefault(zoneId, Map.of()), s.cadences());
    }

    /** When the zone next needs a {@link #tick} though no input comes. */
    public java.util.Optional<Instant> nextDue(String zoneId, ZoneDetectionState s) {
        return cadence.nextDue(devices.getOrDefault(zoneId, Map.of()), s.cadences());
    }

    /** A registered device's report: notes when it was last heard of. */
    private List<Condition> seen(ZoneInput input, ZoneDetectionState s) {
        Cadence c = devices.getOrDefault(input.zone(), Map.of()).get(input.deviceId());
        if (c == null) {
            return List.of();
        }
        return cadence.seen(input, c, s.cadences().computeIfAbsent(input.deviceId(), k -> new DeviceCadence()));
    }

    private List<Condition> reading(ZoneReading r, ZoneDetectionState s) {
        SensorType type = r.sensorType();
        List<Condition> out = new ArrayList<>();
        switch (type) {
            case GUNSHOT, PANIC_BUTTON -> out.addAll(triggers.detect(r));
            case GLASS_BREAK -> {
                out.addAll(triggers.detect(r));
                out.addAll(breakIn.detect(r, zone(r.zone()), s.breakIn));
            }
            case DOOR_CONTACT, MOTION -> out.addAll(breakIn.detect(r, zone(r.zone()), s.breakIn));
            case SOUND_LEVEL -> {
                List<Condition> found = noise.detect(r, s.noise.computeIfAbsent(r.deviceId(), k -> new NoiseBaseline()), usualNoise(r));
                for (Condition c : found) {
                    if (c.active()) {
                        if (s.lastNoiseAnomaly == null || c.time().isAfter(s.lastNoiseAnomaly)) {
                            s.lastNoiseAnomaly = c.time();
                        }
                        risk.hearNoise(c.time(), c.score(), s.risk);
                    }
                }
                out.addAll(found);
            }
            case CROWD_DENSITY -> out.addAll(density(DensitySample.of(r), s));
            case FOOTFALL -> { }
        }
        return out;
    }

    private List<Condition> camera(CameraFeatures f, ZoneDetectionState s) {
        Zone zone = zone(f.zone());
        // In a crowd one person's dwell and motion cannot be told from the crowd's: packed people
        // stand for minutes and jostle, and their tracks swap. From Fruin's "slowed" level on (by the
        // zone's densest device, sensor or camera) the crowd rules speak for the zone.
        boolean crowded = s.risk.densest(f.time(), rules.surge().window()) >= rules.density().slowed();
        if (crowded) {
            s.crowdedAt = f.time();
        }
        List<Condition> out = new ArrayList<>();
        out.addAll(intrusion.detect(f, zone, s.intrusion.computeIfAbsent(f.cameraId(), k -> new IntrusionState())));
        out.addAll(loitering.detect(f, zone, s.crowdedAt));
        out.addAll(fight.detect(f, s.fight.computeIfAbsent(f.cameraId(), k -> new FightState()), s.lastNoiseAnomaly, s.crowdedAt,
                listening(f.zone(), s, f.time())));
        out.addAll(density(DensitySample.of(f), s));
        out.addAll(deviceFault.detect(f, s.frameHealth(f.cameraId())));
        if (f.view() != null) {
            out.addAll(viewHealth.detect(f.cameraId(), f.zone(), f.time(), f.view(), f.evidence(), s.viewHealth(f.cameraId())));
        }
        return out;
    }

    /** The zone's usual level at the reading's local hour, from history; null where there is none. */
    private HourlyNoise.Norm usualNoise(ZoneReading r) {
        return usualNoise(r.zone(), r.time());
    }

    private HourlyNoise.Norm usualNoise(String zoneId, Instant t) {
        HourlyNoise h = usualNoise.get(zoneId);
        return h == null ? null : h.at(t.atZone(zone(zoneId).timezone()).getHour()).orElse(null);
    }

    /**
     * Whether a sound sensor of the zone would notice a fight's noise now: one heard lately that
     * has learnt its baseline, or, while it is still learning, judges against the zone's usual
     * level at this hour from history (the noise detector does then, so a fresh start is not deaf).
     */
    private boolean listening(String zoneId, ZoneDetectionState s, Instant t) {
        boolean heardLearning = false;
        for (NoiseBaseline b : s.noise.values()) {
            if (b.lastSeen != null && !b.lastSeen.isBefore(t.minus(rules.noise().staleAfter()))) {
                if (b.samples >= rules.noise().warmupSamples()) {
                    return true;
                }
                heardLearning = true;
            }
        }
        // Only then is the history looked up (per frame, so not for every frame of a learnt zone).
        return heardLearning && usualNoise(zoneId, t) != null;
    }

    private List<Condition> density(DensitySample sample, ZoneDetectionState s) {
        DensityTrend trend = s.density.computeIfAbsent(sample.deviceId(), k -> new DensityTrend());
        List<Condition> out = new ArrayList<>(crowd.detect(sample, trend));
        DensityEstimate e = crowd.estimate(sample, trend);
        Zone zone = zone(sample.zone());
        int cap = capacity.getOrDefault(sample.zone(), 0);
        var f = risk.features(e, zone, cap, s.risk);
        if (riskListener != null) {
            riskListener.graded(sample.zone(), e.time(), f);
        }
        out.add(risk.grade(f, e, s.risk));
        return out;
    }
}
