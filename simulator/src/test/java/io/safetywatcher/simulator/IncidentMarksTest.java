package io.safetywatcher.simulator;

import io.safetywatcher.common.event.Incident;
import io.safetywatcher.common.event.Label;
import io.safetywatcher.common.event.Observation;
import io.safetywatcher.common.event.Reading;
import io.safetywatcher.simulator.city.CityFile;
import io.safetywatcher.simulator.edge.BehaviourLabel;
import io.safetywatcher.simulator.incident.IncidentKinds;
import io.safetywatcher.simulator.world.SimRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

import static io.safetywatcher.simulator.Records.count;
import static io.safetywatcher.simulator.Records.max;
import static io.safetywatcher.simulator.Records.mean;
import static org.assertj.core.api.Assertions.assertThat;

/** Every incident type leaves the mark the real thing would, read back from the records. */
class IncidentMarksTest {
    private static final String CITY_SCENARIO = """
            start: 2026-11-23T14:00:00Z
            duration: 20m
            seed: 5
            incidents:
              - {type: suspicious-behaviour, zone: north-campus, at: 1m, duration: 4m}
              - {type: noise, zone: elm-street, at: 2m, duration: 4m, intensity: 0.7}
              - {type: glass-break, zone: old-market, at: 3m}
              - {type: panic, zone: riverside-park, at: 4m, duration: 2m}
              - {type: break-in, zone: north-campus, at: 7m, duration: 5m}
              - {type: gunshot, zone: central-station, at: 6m}
              - {type: crowd-surge, zone: stadium-north-gate, at: 8m, duration: 6m, intensity: 0.9}
              - {type: loitering, zone: riverside-park, at: 10m, duration: 5m}
              - {type: crowd-density, zone: old-market, at: 12m, duration: 6m, intensity: 0.8}
            """;
    private static Records city;

    @BeforeAll
    static void run() {
        city = new Records(Runs.run(CityFile.load("default"), CITY_SCENARIO, false, 0, 0, null));
    }

    @Test
    void everyIncidentHasItsTruthRecordWithItsDevices() {
        assertThat(city.incidents()).hasSize(9);
        assertThat(city.incidents()).allSatisfy(i -> assertThat(i.devices()).isNotEmpty());
        assertThat(IncidentKinds.INJECTABLE).hasSize(11); // the other two (fight, intrusion) are below, with frames
    }

    @Test
    void noiseRaisesTheSoundLevelFarAboveItsBaseline() {
        Incident i = city.incident("noise");
        for (String s : List.of("snd-elm-01", "snd-elm-02")) {
            double before = mean(city.readings(s, i.start().minusSeconds(110), i.start()));
            double during = mean(city.readings(s, i.start().plusSeconds(10), i.end()));
            assertThat(during).as(s).isGreaterThan(before + 15);
        }
    }

    @Test
    void glassBreakIsOneStrongDetectionAtItsStart() {
        Incident i = city.incident("glass-break");
        List<Reading> at = city.readings("glass-market-01", i.start(), i.start().plusSeconds(15));
        assertThat(max(at)).isGreaterThanOrEqualTo(0.8);
        List<Reading> later = city.readings("glass-market-01", i.start().plusSeconds(30), i.start().plusSeconds(300));
        assertThat(max(later)).isLessThan(0.5);
    }

    @Test
    void breakInIsGlassThenDoorAndMotionInTheSameZone() {
        Incident i = city.incident("break-in");
        String door = i.devices().stream().filter(d -> d.startsWith("door-")).findFirst().orElseThrow();
        Instant glassAt = city.readings("glass-campus-01", i.start(), i.end()).stream().filter(r -> r.value() >= 0.8)
                .map(Reading::captureTime).findFirst().orElseThrow();
        List<Reading> doorLater = city.readings(door, i.start().plusSeconds(45), i.end());
        assertThat(doorLater).isNotEmpty().allSatisfy(r -> assertThat(r.value()).isEqualTo(1.0));
        assertThat(doorLater.get(0).captureTime()).isAfter(glassAt);
        assertThat(city.readings("pir-campus-01", i.start().plusSeconds(30), i.end())).allSatisfy(r -> assertThat(r.value()).isEqualTo(1.0));
    }

    @Test
    void panicHoldsTheButtonForItsDuration() {
        Incident i = city.incident("panic");
        String button = i.devices().get(0);
        assertThat(city.readings(button, i.start().minusSeconds(120), i.start())).allSatisfy(r -> assertThat(r.value()).isZero());
        assertThat(count(city.readings(button, i.start(), i.end()), r -> r.value() == 1.0)).isGreaterThanOrEqualTo(7);
    }

    @Test
    void gunshotIsDetectedLoudAndEmptiesTheZone() {
        Incident i = city.incident("gunshot");
        assertThat(max(city.readings("gun-station-01", i.start(), i.end().plusSeconds(5)))).isGreaterThanOrEqualTo(0.8);
        double before = mean(city.readings("snd-station-01", i.start().minusSeconds(120), i.start()));
        assertThat(max(city.readings("snd-station-01", i.start(), i.start().plusSeconds(15)))).isGreaterThan(before + 10);
        double densityBefore = mean(city.readings("dens-station-01", i.start().minusSeconds(180), i.start()));
        double densityAfter = mean(city.readings("dens-station-01", i.start().plusSeconds(60), i.start().plusSeconds(180)));
        assertThat(densityAfter).isLessThan(densityBefore * 0.6);
    }

    @Test
    void crowdSurgeClimbsTowardDanger() {
        Incident i = city.incident("crowd-surge");
        List<Reading> during = city.readings("dens-stadium-01", i.start(), i.end());
        int third = during.size() / 3;
        double first = mean(during.subList(0, third));
        double middle = mean(during.subList(third, 2 * third));
        double last = mean(during.subList(2 * third, during.size()));
        assertThat(first).isLessThan(middle);
        assertThat(middle).isLessThan(last);
        assertThat(max(during)).isGreaterThan(5.5); // Fruin: dangerous
        assertThat(mean(city.readings("dens-stadium-01", i.start().minusSeconds(240), i.start()))).isLessThan(1.5);
        double footBefore = mean(city.readings("foot-stadium-01", i.start().minusSeconds(300), i.start()));
        double footLate = mean(city.readings("foot-stadium-01", i.start().plus(Duration.ofMinutes(4)), i.end()));
        assertThat(footLate).isGreaterThan(footBefore * 2);
    }

    @Test
    void crowdDensityHoldsPastContactLevel() {
        Incident i = city.incident("crowd-density");
        List<Reading> plateau = city.readings("dens-market-01", i.start().plusSeconds(100), i.end());
        assertThat(mean(plateau)).isGreaterThan(3.6);
        assertThat(mean(city.readings("dens-market-01", i.start().minusSeconds(300), i.start()))).isLessThan(1.7);
    }

    @Test
    void suspiciousBehaviourIsStrongWeightedLabelsFromOneCamera() {
        Incident i = city.incident("suspicious-behaviour");
        String cam = i.devices().get(0);
        List<Observation> obs = city.observations(cam, i.start(), i.end());
        long strong = obs.stream().filter(o -> o.labels().stream().anyMatch(l -> weight(l) >= 0.5 && l.confidence() >= 0.65)).count();
        assertThat(strong).isGreaterThanOrEqualTo((long) (0.9 * (i.end().getEpochSecond() - i.start().getEpochSecond()) / 5));
        List<Observation> before = city.observations(cam, i.start().minusSeconds(60), i.start());
        assertThat(before).allSatisfy(o -> assertThat(o.labels()).allSatisfy(l -> assertThat(l.confidence()).isLessThan(0.6)));
    }

    @Test
    void loiteringIsOneCameraReportingLoiteringMoreSurelyOverTime() {
        Incident i = city.incident("loitering");
        String cam = i.devices().get(0);
        List<Double> conf = city.observations(cam, i.start().plusSeconds(50), i.end()).stream()
                .flatMap(o -> o.labels().stream()).filter(l -> l.name().equals("loitering")).map(Label::confidence).toList();
        assertThat(conf).hasSizeGreaterThan(40);
        assertThat(conf.get(conf.size() - 1)).isGreaterThan(conf.get(0));
        assertThat(conf).allSatisfy(c -> assertThat(c).isGreaterThanOrEqualTo(0.55));
    }

    @Test
    void aFightIsTwoOrMoreFiguresMovingViolentlyInViewAndLouder() {
        String scenario = """
                start: 2026-11-23T14:00:00Z
                duration: 130s
                seed: 3
                incidents:
                  - {type: fight, zone: yard, at: 70s, duration: 60s, intensity: 0.6}
                """;
        Records r = new Records(Runs.run(Runs.testCity(), scenario, true, 0, 0, null));
        Incident fight = r.incident("fight");
        assertThat(fight.devices()).contains("cam-yard", "snd-yard");
        List<SimRecord> frames = r.frames("cam-yard");
        int fightFrom = 140; // 2 fps: 70 s in
        double[] motion = new double[frames.size()];
        int[] blobs = new int[frames.size()];
        try (Vision v = new Vision()) {
            for (int k = 0; k < frames.size(); k++) {
                motion[k] = v.motion(frames.get(k).value());
                blobs[k] = v.blobs(frames.get(k).value(), 60);
            }
        }
        double calm = Arrays.stream(motion, 60, fightFrom).average().orElseThrow();
        double violent = Arrays.stream(motion, fightFrom + 2, frames.size()).average().orElseThrow();
        assertThat(violent).as("motion energy during the fight vs before").isGreaterThan(calm * 1.5 + 0.2);
        long twoOrMore = Arrays.stream(blobs, fightFrom + 2, frames.size()).filter(b -> b >= 2).count();
        assertThat(twoOrMore).as("fight frames with at least two figures").isGreaterThan((long) ((frames.size() - fightFrom - 2) * 0.8));
        assertThat(mean(r.readings("snd-yard", fight.start().plusSeconds(10), fight.end())))
                .isGreaterThan(mean(r.readings("snd-yard", fight.start().minusSeconds(60), fight.start())) + 10);
        assertThat(r.observations("cam-yard", fight.start(), fight.end()))
                .allSatisfy(o -> assertThat(o.labels()).extracting(Label::name).contains("fighting"));
    }

    @Test
    void anIntrusionIsPeopleInViewWhileTheZoneIsClosed() {
        String scenario = """
                start: 2026-11-23T02:00:00Z
                duration: 130s
                seed: 4
                incidents:
                  - {type: intrusion, zone: yard, at: 70s, duration: 60s, intensity: 0.9}
                """;
        Records r = new Records(Runs.run(Runs.testCity(), scenario, true, 0, 0, null));
        Incident intrusion = r.incident("intrusion");
        List<SimRecord> frames = r.frames("cam-yard");
        int[] blobs = new int[frames.size()];
        try (Vision v = new Vision()) {
            for (int k = 0; k < frames.size(); k++) {
                blobs[k] = v.blobs(frames.get(k).value(), 60);
            }
        }
        long emptyBefore = Arrays.stream(blobs, 60, 140).filter(b -> b == 0).count();
        long peopleDuring = Arrays.stream(blobs, 142, frames.size()).filter(b -> b >= 1).count();
        assertThat(emptyBefore).as("closed yard frames with nobody in them").isGreaterThanOrEqualTo(76);
        assertThat(peopleDuring).as("intrusion frames with someone in them").isGreaterThanOrEqualTo((long) ((frames.size() - 142) * 0.9));
        assertThat(r.readings("pir-yard", intrusion.start().minusSeconds(60), intrusion.start())).allSatisfy(x -> assertThat(x.value()).isZero());
        assertThat(r.readings("pir-yard", intrusion.start(), intrusion.end())).allSatisfy(x -> assertThat(x.value()).isEqualTo(1.0));
        assertThat(r.observations("cam-yard", intrusion.start(), intrusion.end()))
                .allSatisfy(o -> assertThat(o.labels()).extracting(Label::name).contains("trespassing"));
    }

    private static double weight(Label l) {
        return Arrays.stream(BehaviourLabel.values()).filter(b -> b.id().equals(l.name())).mapToDouble(BehaviourLabel::weight).findFirst().orElse(0);
    }
}
