package io.safetywatcher.alertjob.lifecycle;

import io.safetywatcher.alertjob.Fixtures;
import io.safetywatcher.alertjob.detect.CameraFeatures;
import io.safetywatcher.alertjob.detect.Track;
import io.safetywatcher.alertjob.detect.ZoneInput;
import io.safetywatcher.alertjob.rules.RuleSet;
import io.safetywatcher.alertjob.rules.ZoneFacts;
import io.safetywatcher.common.event.Alert;
import io.safetywatcher.common.event.Label;
import io.safetywatcher.common.event.SensorType;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static io.safetywatcher.alertjob.Fixtures.T0;
import static io.safetywatcher.alertjob.Fixtures.at;
import static io.safetywatcher.alertjob.Fixtures.observation;
import static io.safetywatcher.alertjob.Fixtures.reading;
import static org.assertj.core.api.Assertions.assertThat;

/** The detectors and the lifecycle together, on the default rules, as the streaming job runs them per zone. */
class ZoneWatchTest {
    private static final String ZONE = "z-square";
    private final RuleSet rules = RuleSet.defaults();
    private final ZoneWatch watch = new ZoneWatch(rules, Map.of(ZONE, new ZoneFacts(ZONE, "square", "00:00-24:00", "UTC", 2)));

    /** Two hours of an ordinary afternoon on a square, every device reporting. */
    static List<ZoneInput> normalLife(int seconds, long seed) {
        Random random = new Random(seed);
        List<ZoneInput> in = new ArrayList<>();
        boolean doorOpen = false;
        for (int s = 0; s < seconds; s++) {
            double level = 65 + 5 * Math.sin(2 * Math.PI * s / 3600.0) + random.nextGaussian() * 3;
            in.add(reading(ZONE, "snd-1", SensorType.SOUND_LEVEL, s, Math.max(55, Math.min(75, level))));
            if (s % 10 == 0) {
                in.add(reading(ZONE, "gs-1", SensorType.GUNSHOT, s, random.nextDouble() * 0.2));
                in.add(reading(ZONE, "gb-1", SensorType.GLASS_BREAK, s, random.nextDouble() * 0.3));
                in.add(reading(ZONE, "pb-1", SensorType.PANIC_BUTTON, s, 0));
            }
            if (s % 5 == 0) {
                in.add(reading(ZONE, "dn-1", SensorType.CROWD_DENSITY, s, 0.8 + 0.4 * Math.sin(s / 400.0) + random.nextGaussian() * 0.1));
                in.add(reading(ZONE, "ff-1", SensorType.FOOTFALL, s, random.nextInt(30)));
                in.add(reading(ZONE, "pir-1", SensorType.MOTION, s, random.nextInt(3) == 0 ? 1 : 0));
            }
            if (s % 120 == 0) {
                doorOpen = !doorOpen; // shop door: opens and closes all afternoon
                in.add(reading(ZONE, "dc-1", SensorType.DOOR_CONTACT, s, doorOpen ? 1 : 0));
            }
            if (s % 2 == 0) {
                in.add(observation(ZONE, "cam-1", s, new Label("running", 0.7), new Label("loitering", random.nextDouble())));
                int people = 5 + random.nextInt(10);
                List<Track> tracks = new ArrayList<>();
                for (int p = 0; p < people; p++) {
                    tracks.add(new Track("t" + (s / 90) + "-" + p, at(s - (s % 90))));
                }
                in.add(new CameraFeatures("cam-1", ZONE, at(s), s, people, people / 100.0, 0.05 + random.nextDouble() * 0.2, tracks));
            }
        }
        return in;
    }

    static String show(Alert a) {
        return a.state() + " " + a.type().id() + " " + a.severity().id() + " @" + secs(a.updatedAt()) + " (from " + secs(a.startedAt()) + ")";
    }

    static long secs(Instant t) {
        return Duration.between(T0, t).toSeconds();
    }

    @Test
    void normalLifeRaisesNothing() {
        ZoneWatchState state = new ZoneWatchState();
        LifecycleOutput out = watch.process(state, normalLife(7200, 3), List.of(), at(7300));
        assertThat(out.alerts()).isEmpty();
        assertThat(out.suppressions()).isEmpty();
        assertThat(Fixtures.serializedSize(state)).isLessThan(20_000);
    }

    /** Normal life plus a gunshot, a break-in, a noise spike and a density rise. */
    static List<ZoneInput> incidents() {
        List<ZoneInput> in = new ArrayList<>(normalLife(1800, 9));
        in.add(reading(ZONE, "gs-1", SensorType.GUNSHOT, 100.5, 0.95));
        in.add(reading(ZONE, "gb-1", SensorType.GLASS_BREAK, 300.5, 0.9));
        // The square is open: its shop door counts once it is left open (break_in.held_open, 1 min).
        in.removeIf(i -> (i.deviceId().equals("pir-1") || i.deviceId().equals("dc-1")) && !i.time().isBefore(at(290))
                && i.time().isBefore(at(460)));
        in.add(reading(ZONE, "dc-1", SensorType.DOOR_CONTACT, 300.2, 0)); // closed before the window...
        for (int s = 325; s < 460; s += 10) {
            in.add(reading(ZONE, "dc-1", SensorType.DOOR_CONTACT, s + 0.5, 1)); // ...then forced open and left so
        }
        for (int s = 600; s < 605; s++) {
            in.add(reading(ZONE, "snd-1", SensorType.SOUND_LEVEL, s + 0.5, 110));
        }
        // The density sensor rises 0.5 p/m² a minute from 1.0 to 4.0, holds, then the crowd leaves.
        in.removeIf(i -> i.deviceId().equals("dn-1") && !i.time().isBefore(at(900)) && i.time().isBefore(at(1500)));
        for (int s = 900; s < 1500; s += 5) {
            in.add(reading(ZONE, "dn-1", SensorType.CROWD_DENSITY, s, Math.min(4.0, 1.0 + (s - 900) / 120.0)));
        }
        return in;
    }

    /** As the job runs it: one-minute micro-batches, the watermark trailing by the allowed lateness, state serialized between. */
    private List<Alert> runInBatches(ZoneWatch w, List<ZoneInput> inputs, int seconds, List<Silence> silences) {
        ZoneWatchState state = new ZoneWatchState();
        List<Alert> out = new ArrayList<>();
        long lateness = rules.allowedLateness().toSeconds();
        for (int from = 0; from < seconds; from += 60) {
            int lo = from;
            List<ZoneInput> batch = inputs.stream().filter(i -> !i.time().isBefore(at(lo)) && i.time().isBefore(at(lo + 60))).toList();
            out.addAll(w.process(state, batch, silences, at(from + 60 - lateness)).alerts());
            state = Fixtures.roundTrip(state);
        }
        return out;
    }

    @Test
    void incidentsGiveExactlyTheExpectedAlerts() {
        List<Alert> alerts = runInBatches(watch, incidents(), 2100, List.of());
        assertThat(alerts).extracting(ZoneWatchTest::show).containsExactly(
                "FIRING gunshot critical @100 (from 100)",
                "RESOLVED gunshot critical @130 (from 100)",
                "FIRING glass-break high @300 (from 300)",
                "RESOLVED glass-break high @330 (from 300)",
                "FIRING break-in critical @385 (from 385)",
                "RESOLVED break-in critical @505 (from 385)",
                "FIRING noise high @600 (from 600)",
                "RESOLVED noise high @634 (from 600)",
                "FIRING crowd-density low @1025 (from 1025)",
                "FIRING crowd-risk low @1050 (from 1050)",
                "UPDATED crowd-density medium @1215 (from 1025)",
                "RESOLVED crowd-risk low @1560 (from 1050)",
                "RESOLVED crowd-density medium @1560 (from 1025)");
        Alert breakIn = alerts.get(4);
        assertThat(breakIn.summary()).isEqualTo("break-in in z-square: glass break at gb-1, then door dc-1 held open (1m) 85s later");
        assertThat(breakIn.devices()).containsExactly("dc-1", "gb-1");
        assertThat(breakIn.evidence()).containsExactly("reading:gb-1@2024-05-14T12:05:00.500Z", "reading:dc-1@2024-05-14T12:06:25.500Z");
        assertThat(breakIn.id()).isEqualTo(AlertLifecycle.alertId("break-in@z-square/*", at(385.5)));
        assertThat(alerts.get(3).summary()).endsWith("; clear for 30s");
        assertThat(alerts.get(6).summary()).startsWith("noise at snd-1 in z-square: 110.0 dB, ");
        assertThat(alerts.get(7).endedAt()).isEqualTo(at(634.5));
        assertThat(alerts).allMatch(a -> a.ruleVersion().equals(rules.version()));
        assertThat(alerts).allMatch(a -> a.zone().equals(ZONE));
    }

    @Test
    void oneBigBatchAndManySmallOnesAgree() {
        List<Alert> batched = runInBatches(watch, incidents(), 2100, List.of());
        List<Alert> whole = watch.process(new ZoneWatchState(), incidents(), List.of(), at(2100)).alerts();
        assertThat(whole).containsExactlyInAnyOrderElementsOf(batched);
        assertThat(runInBatches(watch, incidents(), 2100, List.of())).isEqualTo(batched);
    }

    @Test
    void aSilenceOfTheZoneKeepsItsAlertsFromFiring() {
        Silence all = new Silence("s-1", ZONE, null, at(0), at(900), "street festival");
        List<Alert> alerts = runInBatches(watch, incidents(), 2100, List.of(all));
        assertThat(alerts).extracting(ZoneWatchTest::show).containsExactly(
                "FIRING crowd-density low @1025 (from 1025)",
                "FIRING crowd-risk low @1050 (from 1050)",
                "UPDATED crowd-density medium @1215 (from 1025)",
                "RESOLVED crowd-risk low @1560 (from 1050)",
                "RESOLVED crowd-density medium @1560 (from 1025)");
    }

    private static final String PARK = "z-park";
    private static final Instant NIGHT = Instant.parse("2024-05-14T01:00:00Z");

    private static CameraFeatures park(double seconds, int people, double motion, List<Track> tracks) {
        Instant t = NIGHT.plusMillis(Math.round(seconds * 1000));
        return new CameraFeatures("cam-p", PARK, t, t.toEpochMilli(), people, people / 50.0, motion, tracks);
    }

    private static String showAtNight(Alert a) {
        return a.state() + " " + a.type().id() + " " + a.severity().id() + " @" + Duration.between(NIGHT, a.updatedAt()).toMillis() / 1000.0;
    }

    @Test
    void cameraIncidentsAtNight() {
        ZoneWatch parkWatch = new ZoneWatch(rules, Map.of(PARK, new ZoneFacts(PARK, "park", "06:00-23:00", "UTC", 2)));
        List<ZoneInput> in = new ArrayList<>();
        // An empty park at night, two frames a second; two people climb in at 60 s and stay 40 s.
        for (int i = 0; i < 600; i++) {
            double s = i / 2.0;
            boolean inside = s >= 60 && s < 100;
            in.add(park(s, inside ? 2 : 0, inside ? 0.2 : 0.0, List.of()));
        }
        LifecycleOutput out = parkWatch.process(new ZoneWatchState(), in, List.of(), NIGHT.plusSeconds(400));
        // Three frames (60.0, 60.5, 61.0) start the condition; it must then hold for 2 s; the last sighting is 99.5 s.
        assertThat(out.alerts()).extracting(ZoneWatchTest::showAtNight).containsExactly(
                "FIRING intrusion high @63.0",
                "RESOLVED intrusion high @129.5");
        assertThat(out.alerts().get(0).summary()).isEqualTo("2 people in z-park while it is closed (open 06:00-23:00 UTC), seen by cam-p");
        assertThat(out.alerts().get(0).evidence()).first().isEqualTo("frame:cam-p@2024-05-14T01:01:01Z");
    }

    @Test
    void anIntruderFlickeringInTheMaskIsRaisedAsSoonAsASteadyOne() {
        ZoneWatch parkWatch = new ZoneWatch(rules, Map.of(PARK, new ZoneFacts(PARK, "park", "06:00-23:00", "UTC", 2)));
        List<ZoneInput> in = new ArrayList<>();
        // Someone far off climbs in at 60 s: seen in three frames of every four.
        for (int i = 0; i < 400; i++) {
            double s = i / 2.0;
            boolean seen = s >= 60 && s < 100 && (i - 120) % 4 != 3;
            in.add(park(s, seen ? 1 : 0, seen ? 0.05 : 0.0, List.of()));
        }
        LifecycleOutput out = parkWatch.process(new ZoneWatchState(), in, List.of(), NIGHT.plusSeconds(300));
        // Before max_gap, every missed frame cleared the condition and its 2 s hold never completed.
        assertThat(out.alerts()).extracting(ZoneWatchTest::showAtNight).first().isEqualTo("FIRING intrusion high @63.0");
    }

    @Test
    void aFightBackedByNoiseIsHigh() {
        List<ZoneInput> in = new ArrayList<>(normalLife(300, 21));
        // Three people brawl from 200 s to 215 s; someone screams at 205 s.
        in.removeIf(i -> i instanceof CameraFeatures && !i.time().isBefore(at(200)) && i.time().isBefore(at(216)));
        for (int s = 200; s < 216; s += 2) {
            in.add(new CameraFeatures("cam-1", ZONE, at(s), s, 3, 0.03, 0.6, List.of()));
        }
        in.add(reading(ZONE, "snd-1", SensorType.SOUND_LEVEL, 205.5, 100));
        LifecycleOutput out = watch.process(new ZoneWatchState(), in, List.of(), at(400));
        // Smoothed motion crosses 0.4 at 202 s; the scream at 205.5 s makes it high; the fight holds its 3 s at 206 s
        // and supersedes the noise alert ("fight covers noise"). The smoothing lags one frame: still above 0.4 at 216 s,
        // so it resolves 20 s after that.
        assertThat(out.alerts()).extracting(ZoneWatchTest::show).containsExactly(
                "FIRING noise medium @205 (from 205)",
                "FIRING fight high @206 (from 202)",
                "RESOLVED noise medium @206 (from 205)",
                "RESOLVED fight high @236 (from 202)");
        assertThat(out.alerts().get(2).summary()).endsWith("; superseded by fight alert " + out.alerts().get(1).id());
    }

    @Test
    void aCrowdIsNeitherAFightNorLoitering() {
        // A packed square (3 p/m² by the sensor) for ten minutes, the same people standing and jostling in
        // view of the camera; then the crowd thins to 0.5 p/m² and those people stay and keep it up.
        List<Track> standing = List.of(new Track("t1", at(0)), new Track("t2", at(0)));
        List<ZoneInput> in = new ArrayList<>();
        for (int s = 0; s < 1200; s++) {
            if (s % 5 == 0) {
                in.add(reading(ZONE, "dn-1", SensorType.CROWD_DENSITY, s, s < 600 ? 3.0 : 0.5));
            }
            if (s % 2 == 0) {
                in.add(new CameraFeatures("cam-1", ZONE, at(s + 0.5), s, 5, 0.05, 0.6, standing));
            }
        }
        List<Alert> alerts = watch.process(new ZoneWatchState(), in, List.of(), at(1300)).alerts();
        // In the crowd, only the crowd alerts; once it thinned, a fight after fight.after_crowd (3 min), and
        // loitering counted from the crowd's end (5 min).
        assertThat(alerts).filteredOn(a -> a.startedAt().isBefore(at(600))).extracting(a -> a.type().id())
                .isNotEmpty().isSubsetOf("crowd-density", "crowd-risk");
        assertThat(alerts).filteredOn(a -> a.type().id().equals("fight") && a.state().name().equals("FIRING"))
                .singleElement().satisfies(a -> assertThat(secs(a.startedAt())).isBetween(780L, 810L));
        assertThat(alerts).filteredOn(a -> a.type().id().equals("loitering") && a.state().name().equals("FIRING"))
                .singleElement().satisfies(a -> assertThat(secs(a.startedAt())).isBetween(900L, 930L));
    }

    @Test
    void inABusyViewOnlyAHeardFightIsAFight() {
        // A busy square (30 people on the camera's 150 m²) moves as violently as a brawl from 300 s to 330 s;
        // its sound sensor has long learnt its baseline.
        List<ZoneInput> in = busyViewMovingLikeABrawl(600, 300);
        assertThat(watch.process(new ZoneWatchState(), in, List.of(), at(700)).alerts()).isEmpty();
        // The same with shouting heard at 305 s: a fight.
        in.add(reading(ZONE, "snd-1", SensorType.SOUND_LEVEL, 305.5, 100));
        assertThat(watch.process(new ZoneWatchState(), in, List.of(), at(700)).alerts()).extracting(a -> a.type().id())
                .contains("fight");
    }

    @Test
    void atAFreshStartAZoneWhoseUsualNoiseIsKnownListensForAFight() {
        // The same busy square 20 s after a start: no sound sensor has its own baseline yet (60 samples).
        List<ZoneInput> in = busyViewMovingLikeABrawl(120, 20);
        // With no history the zone is deaf, so motion alone decides.
        assertThat(watch.process(new ZoneWatchState(), in, List.of(), at(200)).alerts()).extracting(a -> a.type().id()).contains("fight");
        // With the zone's usual level at this hour from history the sensor judges at once: silence means no fight.
        int hour = T0.atZone(java.time.ZoneOffset.UTC).getHour();
        ZoneWatch withHistory = new ZoneWatch(rules, Map.of(ZONE, new ZoneFacts(ZONE, "square", "00:00-24:00", "UTC", 2,
                io.safetywatcher.alertjob.detect.HourlyNoise.none().with(hour, 65, 4))));
        assertThat(withHistory.process(new ZoneWatchState(), in, List.of(), at(200)).alerts()).isEmpty();
        in.add(reading(ZONE, "snd-1", SensorType.SOUND_LEVEL, 25.5, 100));
        assertThat(withHistory.process(new ZoneWatchState(), in, List.of(), at(200)).alerts()).extracting(a -> a.type().id())
                .contains("fight");
    }

    /** Normal life of {@code seconds}, with 30 people on the camera's 150 m² moving as violently as a brawl for 30 s from {@code from}. */
    private static List<ZoneInput> busyViewMovingLikeABrawl(int seconds, int from) {
        List<ZoneInput> in = new ArrayList<>(normalLife(seconds, 5));
        in.removeIf(i -> i instanceof CameraFeatures && !i.time().isBefore(at(from)) && i.time().isBefore(at(from + 31)));
        for (int s = from; s < from + 31; s += 2) {
            in.add(new CameraFeatures("cam-1", ZONE, at(s), s, 30, 0.2, 0.8, List.of()));
        }
        return in;
    }
}
