package io.safetywatcher.cli.eval;

import io.safetywatcher.alertjob.detect.HourlyNoise;
import io.safetywatcher.alertjob.detect.ZoneInput;
import io.safetywatcher.alertjob.detect.ZoneReading;
import io.safetywatcher.alertjob.ingest.DetectInput;
import io.safetywatcher.alertjob.ingest.Ingest;
import io.safetywatcher.alertjob.ingest.InputLimits;
import io.safetywatcher.alertjob.ingest.SourceRecord;
import io.safetywatcher.alertjob.lifecycle.LifecycleOutput;
import io.safetywatcher.alertjob.lifecycle.Suppression;
import io.safetywatcher.alertjob.lifecycle.ZoneWatch;
import io.safetywatcher.alertjob.rules.RuleSet;
import io.safetywatcher.alertjob.rules.ZoneFacts;
import io.safetywatcher.alertjob.spark.ZoneClock;
import io.safetywatcher.alertjob.vision.FrameAnalyzer;
import io.safetywatcher.alertjob.vision.Verdict;
import io.safetywatcher.alertjob.vision.VisionSettings;
import io.safetywatcher.common.codec.Decoded;
import io.safetywatcher.common.codec.IncidentCodec;
import io.safetywatcher.common.codec.TimeBounds;
import io.safetywatcher.common.config.Topics;
import io.safetywatcher.common.config.WatcherConfig;
import io.safetywatcher.common.event.Alert;
import io.safetywatcher.common.event.Incident;
import io.safetywatcher.common.event.SensorType;
import io.safetywatcher.simulator.Simulation;
import io.safetywatcher.simulator.city.City;
import io.safetywatcher.simulator.life.Lighting;
import io.safetywatcher.simulator.life.NormalLife;
import io.safetywatcher.simulator.registry.RegistryWriter;
import io.safetywatcher.simulator.scenario.Scenario;
import io.safetywatcher.simulator.world.RecordSink;
import io.safetywatcher.simulator.world.SimRecord;
import io.safetywatcher.simulator.world.WorldSettings;
import io.safetywatcher.store.registry.Registry;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One scenario played in this JVM, with no Kafka, Spark or Cassandra: the simulator's world
 * emits its records in event-time order; each goes through the alert job's own ingest
 * ({@link Ingest}: decode, validate, enrich against the city's registry), its frame and input
 * step ({@link DetectInput}: a camera's {@link FrameAnalyzer}), and, in batches of
 * {@code batch} of event time, each zone's {@link ZoneClock} and {@link ZoneWatch} (detectors
 * and lifecycle), as the job's state function runs them. Same scenario and seed, same alerts:
 * nothing here reads the wall clock. Silences and learned crowd-risk models are not applied.
 */
final class OfflinePlay {
    /** Light and crowd around an incident or an alert, for the breakdown by condition. */
    record Scene(String light, String crowd) {
        static final List<String> LIGHTS = List.of("day", "night");
        static final List<String> CROWDS = List.of("quiet", "busy", "dense");
    }

    /** What one scenario gave: its truth as scored ({@link DwellLimits#onTruth}), its alerts and the scene of each. */
    record Played(String name, Instant from, Instant until, List<Incident> incidents, List<Alert> events, List<RaisedAlert> alerts,
                  List<HeldBack> heldBack, int cameras, long records, Map<String, Scene> incidentScenes, Map<RaisedAlert, Scene> alertScenes) {}

    /** Brightness from which a scene is day (dusk and dawn under it count as night: the cameras see as by night). */
    static final double DAY_BRIGHTNESS = 0.65;
    /** People per m² of normal life (before any incident) below which a zone is quiet, and from which it is dense. */
    static final double BUSY_DENSITY = 0.05;
    static final double DENSE_DENSITY = 0.4;
    /** Event time let pass after the scenario's end, so that its last alerts resolve as they would in a longer run. */
    private static final Duration AFTER_END = Duration.ofMinutes(5);

    /** Mixed into the scenario's seed for the days before, so that their normal life is not the scenario's own. */
    private static final long HISTORY_SEED = 0x5EEDL;

    private final WatcherConfig config;
    private final RuleSet rules;
    private final VisionSettings vision;
    private final Duration batch;
    private final Topics topics;
    private final Ingest ingest;
    private final boolean history;

    OfflinePlay(WatcherConfig config, RuleSet rules, Duration batch) {
        this(config, rules, batch, false);
    }

    /**
     * @param history start each scenario from the zones' usual sound level at its hours, learnt
     *                from the week before ({@link #usualNoise}), as a deployed job starts from the
     *                analytics job's {@code noise_baseline}; false: a blind start, every sound
     *                sensor learning its baseline from scratch
     */
    OfflinePlay(WatcherConfig config, RuleSet rules, Duration batch, boolean history) {
        if (batch.isNegative() || batch.isZero()) {
            throw new IllegalArgumentException("the batch of event time is " + batch + "; expected more than zero");
        }
        this.config = config;
        this.rules = rules;
        this.vision = VisionSettings.of(config);
        this.batch = batch;
        // Topic names only label the records in here; nothing is sent anywhere.
        this.topics = new Topics("offline.");
        this.ingest = new Ingest(topics, new TimeBounds(config.getDuration("validation.max-future"), config.getDuration("validation.max-age")),
                InputLimits.of(config));
        this.history = history;
    }

    /**
     * What the analytics job would have learnt of each zone's usual sound level at the
     * scenario's hours ({@code noise_baseline}: per zone and local hour, mean and sample standard
     * deviation over its range): the same hours of each of the {@code analytics.days} days before, normal
     * life with no incident (match days included, as they come), their readings through the same ingest.
     */
    Map<String, HourlyNoise> usualNoise(Scenario sc, City city, long seed, Registry registry) {
        Map<String, Map<Integer, double[]>> stats = new TreeMap<>(); // zone -> local hour -> {n, sum, sum of squares}
        for (int day = 1; day <= config.getInt("analytics.days"); day++) {
            soundOfTheDayBefore(sc, city, seed, registry, day, stats);
        }
        Map<String, HourlyNoise> out = new TreeMap<>();
        stats.forEach((zone, byHour) -> {
            HourlyNoise h = HourlyNoise.none();
            byHour.forEach((hour, a) -> {
                if (a[0] >= 2) { // the analytics job's figures: mean and sample standard deviation
                    h.with(hour, a[1] / a[0], Math.sqrt(Math.max(0, (a[2] - a[1] * a[1] / a[0]) / (a[0] - 1))));
                }
            });
            out.put(zone, h);
        });
        return out;
    }

    /** Adds the sound readings of the scenario's hours {@code days} days earlier to {@code stats}. */
    private void soundOfTheDayBefore(Scenario sc, City city, long seed, Registry registry, int days, Map<String, Map<Integer, double[]>> stats) {
        long fromMs = sc.start().minus(Duration.ofDays(days)).toEpochMilli();
        long untilMs = fromMs + sc.duration().toMillis();
        Scenario before = new Scenario(sc.file() + " (" + days + " d before)", Instant.ofEpochMilli(fromMs), sc.duration(), sc.seed(), sc.city(),
                List.of());
        WorldSettings sensorsOnly = new WorldSettings(seed ^ (HISTORY_SEED * days), false, config.getDuration("simulator.observation-period"), 0,
                config.getInt("simulator.jpeg-quality"));
        Simulation sim = new Simulation(new Simulation.Plan(city, before, topics, sensorsOnly, 0, fromMs, untilMs, Simulation.Mode.FAST, 1, null,
                false));
        DetectInput.Analyzer noFrames = (cam, view, jpeg, time, seq) -> {
            throw new IllegalStateException("the days before are simulated without frames");
        };
        feed(sim, registry, noFrames, truth -> { }, t -> { }, input -> {
            if (input instanceof ZoneReading z && z.sensorType() == SensorType.SOUND_LEVEL) {
                int hour = z.time().atZone(registry.zone(z.zone()).map(io.safetywatcher.store.registry.Zone::timeZoneOrUtc).orElse(ZoneOffset.UTC))
                        .getHour();
                double v = z.reading().value();
                double[] acc = stats.computeIfAbsent(z.zone(), k -> new TreeMap<>()).computeIfAbsent(hour, k -> new double[3]);
                acc[0]++;
                acc[1] += v;
                acc[2] += v * v;
            }
        });
    }

    /**
     * Runs the simulation to its end, each record through the job's ingest and input step: the
     * truth's incidents to {@code truth}; before any other record, its time to {@code clock},
     * then what it gave to {@code inputs}. Returns the records fed (the truth aside).
     */
    private long feed(Simulation sim, Registry registry, DetectInput.Analyzer analyzer, java.util.function.Consumer<Incident> truth,
                      java.util.function.LongConsumer clock, java.util.function.Consumer<ZoneInput> inputs) {
        long[] records = {0};
        RecordSink sink = new RecordSink() {
            @Override
            public void accept(SimRecord r) {
                if (r.topic().equals(topics.truth())) {
                    Decoded<Incident> d = IncidentCodec.decode(r.value());
                    truth.accept(d.value());
                    return;
                }
                clock.accept(r.timestampMs());
                Clock at = Clock.fixed(Instant.ofEpochMilli(r.timestampMs()), ZoneOffset.UTC);
                SourceRecord source = new SourceRecord(r.topic(), 0, records[0]++, Instant.ofEpochMilli(r.timestampMs()), r.key(), r.value(),
                        r.headers());
                DetectInput.Item item = DetectInput.of(ingest, ingest.apply(source, registry, at), registry, at, vision, analyzer);
                if (item != null) {
                    inputs.accept(item.input());
                }
            }

            @Override
            public void flush() { }

            @Override
            public void close() { }
        };
        try {
            sim.run(sink, new AtomicBoolean(false), t -> { });
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } finally {
            sim.world().close();
        }
        return records[0];
    }

    /** Plays the scenario from its start for its duration; {@code frames}: render and analyse camera frames. */
    Played play(String name, Scenario sc, City city, long seed, boolean frames) {
        return play(name, sc, city, seed, frames, null);
    }

    /** The same; with {@code traceDir}, what each camera made of each frame goes to {@code traceDir/NAME.trace.jsonl.gz} ({@link FrameTrace}). */
    Played play(String name, Scenario sc, City city, long seed, boolean frames, java.nio.file.Path traceDir) {
        if (sc.start() == null || sc.duration() == null) {
            throw new IllegalArgumentException(sc.file() + ": an offline scenario needs a start and a duration");
        }
        long startMs = sc.start().toEpochMilli();
        long endMs = startMs + sc.duration().toMillis();
        WorldSettings settings = new WorldSettings(seed, frames, config.getDuration("simulator.observation-period"), 0,
                config.getInt("simulator.jpeg-quality"));
        Simulation sim = new Simulation(new Simulation.Plan(city, sc, topics, settings, 0, startMs, endMs, Simulation.Mode.FAST, 1, null, false));
        Registry registry = Registry.of(RegistryWriter.zones(city, sc.start()), RegistryWriter.devices(city, sc.start()), startMs);
        Map<String, HourlyNoise> usual = history ? usualNoise(sc, city, seed, registry) : Map.of();
        Zones zones = new Zones(new ZoneWatch(rules, ZoneFacts.allOf(registry, usual)), registry.zoneIds());
        Map<String, FrameAnalyzer> analyzers = new HashMap<>();
        FrameTrace trace = traceDir == null ? null : FrameTrace.open(traceDir, name);
        DetectInput.Analyzer analyzer = (cam, view, jpeg, time, seq) -> {
            FrameAnalyzer a = analyzers.computeIfAbsent(cam.id(), k -> new FrameAnalyzer(view, vision));
            Verdict v = a.analyze(jpeg, time, seq);
            if (trace != null) {
                trace.frame(cam.id(), cam.zone(), time, seq, v, a.spots());
            }
            return v;
        };
        List<Incident> incidents = new ArrayList<>();
        long records;
        try {
            records = feed(sim, registry, analyzer, incidents::add, zones::passTo, zones::add);
        } finally {
            analyzers.values().forEach(FrameAnalyzer::close);
            if (trace != null) {
                trace.close();
            }
        }
        zones.passTo(endMs + AFTER_END.toMillis());

        NormalLife life = new NormalLife(city, seed);
        Map<String, Scene> incidentScenes = new LinkedHashMap<>();
        incidents.forEach(i -> incidentScenes.put(i.id(), scene(city, life, i.zone(), i.start())));
        List<RaisedAlert> alerts = AlertSource.fold(zones.events);
        Map<RaisedAlert, Scene> alertScenes = new HashMap<>();
        alerts.forEach(a -> alertScenes.put(a, scene(city, life, a.zone(), a.firedAt())));
        return new Played(name, sc.start(), Instant.ofEpochMilli(endMs), DwellLimits.of(rules, city).onTruth(incidents), List.copyOf(zones.events),
                alerts, List.copyOf(zones.heldBack), city.cameras().size(), records, incidentScenes, alertScenes);
    }

    /** The light and the crowd of normal life in the zone at {@code t}. */
    static Scene scene(City city, NormalLife life, String zone, Instant t) {
        ZonedDateTime local = life.local(t.toEpochMilli());
        double brightness = Lighting.brightness(local.getHour() + local.getMinute() / 60.0);
        double density = city.zone(zone).map(z -> life.density(z, t.toEpochMilli())).orElse(0.0);
        return new Scene(brightness >= DAY_BRIGHTNESS ? "day" : "night",
                density < BUSY_DENSITY ? "quiet" : density < DENSE_DENSITY ? "busy" : "dense");
    }

    /**
     * Every zone's clock and inputs of the current batch. A batch closes when the first record at
     * or after its end arrives: each zone then applies what it got (or lets time pass if it got
     * nothing), as the job's state function does once per micro-batch.
     */
    private final class Zones {
        final ZoneWatch watch;
        final Map<String, ZoneClock> clocks = new TreeMap<>();
        final Map<String, List<ZoneInput>> pending = new TreeMap<>();
        final List<Alert> events = new ArrayList<>();
        final List<HeldBack> heldBack = new ArrayList<>();
        final long maxSkewMillis = config.getDuration("validation.max-clock-skew").toMillis();
        final long latenessMillis = rules.allowedLateness().toMillis();
        long batchEnd = Long.MIN_VALUE;

        Zones(ZoneWatch watch, List<String> ids) {
            this.watch = watch;
            ids.forEach(id -> clocks.put(id, new ZoneClock()));
        }

        void add(ZoneInput in) {
            pending.computeIfAbsent(in.zone(), k -> new ArrayList<>()).add(in);
        }

        /** Closes every batch that ends at or before {@code t}. */
        void passTo(long t) {
            if (batchEnd == Long.MIN_VALUE) {
                batchEnd = Math.floorDiv(t, batch.toMillis()) * batch.toMillis() + batch.toMillis();
            }
            while (t >= batchEnd) {
                close(batchEnd);
                batchEnd += batch.toMillis();
            }
        }

        private void close(long wall) {
            for (var e : clocks.entrySet()) {
                ZoneClock clock = e.getValue();
                List<ZoneInput> in = pending.remove(e.getKey());
                long watermark;
                if (in == null || in.isEmpty()) {
                    if (watch.nextDeadline(clock.watch()).isEmpty()) {
                        continue; // nothing due in a quiet zone: the job would not wake it either
                    }
                    watermark = clock.advanceQuiet(latenessMillis, wall);
                    in = List.of();
                } else {
                    List<ZoneInput> applied = new ArrayList<>(in.size());
                    long newest = Long.MIN_VALUE;
                    for (ZoneInput i : in) {
                        long t = i.time().toEpochMilli();
                        if (clock.admit(t, wall, maxSkewMillis) == ZoneClock.Admission.APPLY) {
                            applied.add(i);
                            newest = Math.max(newest, t);
                        }
                    }
                    in = applied;
                    watermark = applied.isEmpty() ? clock.watermarkMillis() : clock.advanceTo(Map.of("", newest), latenessMillis, wall);
                }
                LifecycleOutput out = watch.process(clock.watch(), in, List.of(), watermark == Long.MIN_VALUE ? null : Instant.ofEpochMilli(watermark));
                events.addAll(out.alerts());
                out.suppressions().stream().filter(x -> x.reason() == Suppression.Reason.INHIBITED)
                        .forEach(x -> heldBack.add(new HeldBack(x.type(), x.zone(), x.severity(), x.at(), x.by())));
            }
        }
    }
}
