package io.safetywatcher.simulator.world;

import io.safetywatcher.common.event.AlertType;
import io.safetywatcher.common.config.Topics;

import io.safetywatcher.common.codec.FrameCodec;
import io.safetywatcher.common.codec.IncidentCodec;
import io.safetywatcher.common.codec.ObservationCodec;
import io.safetywatcher.common.event.FrameMeta;
import io.safetywatcher.common.event.Label;
import io.safetywatcher.common.event.Observation;
import io.safetywatcher.common.event.Reading;
import io.safetywatcher.simulator.bad.BadData;
import io.safetywatcher.simulator.city.Camera;
import io.safetywatcher.simulator.city.City;
import io.safetywatcher.simulator.city.Sensor;
import io.safetywatcher.simulator.city.Zone;
import io.safetywatcher.simulator.edge.EdgeAnalytics;
import io.safetywatcher.simulator.incident.IncidentTimeline;
import io.safetywatcher.simulator.incident.IncidentKinds;
import io.safetywatcher.simulator.incident.InjectedIncident;
import io.safetywatcher.simulator.life.Lighting;
import io.safetywatcher.simulator.life.NormalLife;
import io.safetywatcher.simulator.life.SmoothNoise;
import io.safetywatcher.simulator.scene.Crowd;
import io.safetywatcher.simulator.scene.FrameRenderer;
import io.safetywatcher.simulator.scene.RenderedFrame;

import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * The simulated city over time. Each device stream (a sensor's readings, a camera's frames,
 * its edge observations) keeps its own seeded random generator and samples at fixed instants
 * (multiples of its period, plus a per-device phase) whose index is its sequence number. The
 * streams are merged in time order, ties broken by a fixed order, so the records are the
 * same however {@link #advanceTo} is called: live, sped up, in batches or as a backfill.
 */
public final class World implements AutoCloseable {
    private final City city;
    private final WorldSettings settings;
    private final Topics topics;
    private final Conditions conditions;
    private final SensorModel sensors;
    private final BadData badData;
    private final PriorityQueue<Stream> queue = new PriorityQueue<>((a, b) ->
            a.due != b.due ? Long.compare(a.due, b.due) : Integer.compare(a.order, b.order));
    private final List<FrameRenderer> renderers = new ArrayList<>();
    private final TruthStream truth;
    private final ReadingJson readingJson = new ReadingJson();
    private final ObservationCodec observationCodec = ObservationCodec.standard();
    private final FrameCodec frameCodec = FrameCodec.standard();
    private Consumer<RenderedFrame> frameTap = f -> { };
    private long clock;

    public World(City city, WorldSettings settings, Topics topics, IncidentTimeline timeline, long startMs) {
        this.city = city;
        this.settings = settings;
        this.topics = topics;
        NormalLife life = new NormalLife(city, settings.seed());
        this.conditions = new Conditions(life, timeline);
        this.sensors = new SensorModel(conditions, settings.seed());
        this.badData = new BadData(topics);
        this.clock = startMs;
        int order = 0;
        this.truth = new TruthStream(order++, startMs);
        for (Camera c : city.cameras()) {
            Zone z = city.requireZone(c.zoneId());
            if (settings.frames()) {
                queue.add(new FrameStream(order++, c, z, startMs));
            }
            queue.add(new ObservationStream(order++, c, z, startMs));
        }
        for (Sensor s : city.sensors()) {
            queue.add(new ReadingStream(order++, s, city.requireZone(s.zoneId()), startMs));
        }
    }

    public Conditions conditions() { return conditions; }

    public long clock() { return clock; }

    /** Sees every rendered frame with its figure boxes (tests, the bench). */
    public void tapFrames(Consumer<RenderedFrame> tap) { this.frameTap = tap; }

    /** Emits every record with a capture time before {@code endMs}, in order. */
    public void advanceTo(long endMs, RecordSink sink) {
        conditions.timeline().ensureThrough(endMs + 3_600_000L);
        queue.remove(truth);
        truth.reschedule();
        queue.add(truth);
        while (!queue.isEmpty() && queue.peek().due < endMs) {
            Stream s = queue.poll();
            s.emit(sink);
            queue.add(s);
        }
        clock = Math.max(clock, endMs);
    }

    /** A stream's sample instants: k·period + phase; k is the sequence number. */
    private abstract static class Stream {
        final int order;
        final long period;
        final long phase;
        long k;
        long due;

        Stream(int order, long period, long phase, long startMs) {
            this.order = order;
            this.period = period;
            this.phase = Math.floorMod(phase, period);
            this.k = Math.floorDiv(startMs - this.phase + period - 1, period);
            this.due = k * period + this.phase;
        }

        void emit(RecordSink sink) {
            emitAt(due, k, sink);
            k++;
            due = k * period + phase;
        }

        abstract void emitAt(long t, long seq, RecordSink sink);
    }

    private void send(RecordSink sink, SimRecord r, long seq, SplittableRandom badRng) {
        sink.accept(r);
        if (settings.badRate() > 0 && badRng.nextDouble() < settings.badRate()) {
            BadData.Twin twin = badData.twin(r, seq, badRng);
            sink.accept(twin.bad());
            sink.accept(twin.truth());
        }
    }

    private long seedOf(String stream) { return SmoothNoise.seedFor(settings.seed(), stream); }

    /** The device fault injected on this device at {@code t}, or null. */
    private AlertType fault(Zone zone, String deviceId, long t) {
        for (InjectedIncident i : conditions.timeline().overlapping(zone.id(), t, t + 1)) {
            if (IncidentKinds.DEVICE_FAULTS.contains(i.type()) && i.activeAt(t) && i.affects(deviceId)) {
                return i.type();
            }
        }
        return null;
    }

    private static long phaseOf(String id, long period) { return Math.floorMod(SmoothNoise.seedFor(0, id), period); }

    private final class ReadingStream extends Stream {
        final Sensor sensor;
        final Zone zone;
        final SplittableRandom rng;
        final SplittableRandom badRng;

        ReadingStream(int order, Sensor s, Zone z, long start) {
            super(order, s.period().toMillis(), phaseOf(s.id(), s.period().toMillis()), start);
            this.sensor = s;
            this.zone = z;
            this.rng = new SplittableRandom(seedOf(s.id()));
            this.badRng = new SplittableRandom(seedOf(s.id() + "#bad"));
        }

        @Override
        void emitAt(long t, long seq, RecordSink sink) {
            double v = sensors.sample(sensor, zone, t, rng);
            if (fault(zone, sensor.id(), t) == AlertType.SENSOR_SILENT) {
                return; // sampled all the same, so the sensor's noise after the silence is what it would have been
            }
            Reading r = Reading.of(sensor.id(), sensor.type(), Instant.ofEpochMilli(t), v, seq);
            send(sink, SimRecord.of(topics.readings(), sensor.id(), readingJson.encode(r), t), seq, badRng);
        }
    }

    private final class ObservationStream extends Stream {
        final Camera camera;
        final Zone zone;
        final SplittableRandom rng;
        final SplittableRandom badRng;

        ObservationStream(int order, Camera c, Zone z, long start) {
            super(order, settings.observationPeriod().toMillis(), phaseOf(c.id() + "#obs", settings.observationPeriod().toMillis()), start);
            this.camera = c;
            this.zone = z;
            this.rng = new SplittableRandom(seedOf(c.id() + "#obs"));
            this.badRng = new SplittableRandom(seedOf(c.id() + "#obs#bad"));
        }

        @Override
        void emitAt(long t, long seq, RecordSink sink) {
            List<InjectedIncident> incidents = conditions.timeline().overlapping(zone.id(), t - period, t + 1);
            List<Label> labels = EdgeAnalytics.observe(camera.id(), t, conditions.density(zone, t), incidents, rng);
            if (labels.isEmpty()) {
                return; // a smart camera only speaks when it has something to say
            }
            Observation o = new Observation(camera.id(), Instant.ofEpochMilli(t), seq, labels);
            send(sink, SimRecord.of(topics.observations(), camera.id(), observationCodec.encode(o), t), seq, badRng);
        }
    }

    private final class FrameStream extends Stream {
        final Camera camera;
        final Zone zone;
        final SplittableRandom rng;
        final SplittableRandom badRng;
        final Crowd crowd;
        final FrameRenderer renderer;
        /** The picture a frozen camera repeats, while it is frozen. */
        RenderedFrame frozen;

        FrameStream(int order, Camera c, Zone z, long start) {
            super(order, Math.max(1, Math.round(1000 / c.fps())), phaseOf(c.id() + "#frames", Math.max(1, Math.round(1000 / c.fps()))), start);
            this.camera = c;
            this.zone = z;
            this.rng = new SplittableRandom(seedOf(c.id() + "#frames"));
            this.badRng = new SplittableRandom(seedOf(c.id() + "#frames#bad"));
            this.renderer = new FrameRenderer(c, z.kind(), seedOf(c.id() + "#scene"), settings.jpegQuality());
            this.crowd = new Crowd(renderer.geometry(), c.id());
            renderers.add(renderer);
        }

        @Override
        void emitAt(long t, long seq, RecordSink sink) {
            List<InjectedIncident> incidents = new ArrayList<>();
            for (InjectedIncident i : conditions.timeline().overlapping(zone.id(), t - period, t + 1)) {
                if (i.affects(camera.id())) {
                    incidents.add(i);
                }
            }
            double density = conditions.density(zone, t);
            crowd.step(t, period / 1000.0, density * camera.viewAreaM2(), density, incidents, rng);
            ZonedDateTime local = conditions.life().local(t);
            double hour = local.getHour() + local.getMinute() / 60.0;
            AlertType fault = fault(zone, camera.id(), t);
            if (fault != AlertType.CAMERA_FROZEN) {
                frozen = null;
            }
            RenderedFrame f;
            if (fault == AlertType.CAMERA_OFFLINE) {
                renderer.render(crowd, Lighting.brightness(hour), rng); // the scene goes on, unseen
                return;
            } else if (fault == AlertType.CAMERA_COVERED) {
                renderer.render(crowd, Lighting.brightness(hour), rng);
                f = renderer.renderCovered();
            } else if (fault == AlertType.CAMERA_MOVED) {
                f = renderer.renderMoved(crowd, Lighting.brightness(hour), rng);
            } else if (fault == AlertType.CAMERA_FROZEN && frozen != null) {
                renderer.render(crowd, Lighting.brightness(hour), rng);
                f = frozen; // the encoder repeats its last picture
            } else {
                f = renderer.render(crowd, Lighting.brightness(hour), rng);
                if (fault == AlertType.CAMERA_FROZEN) {
                    frozen = f;
                }
            }
            frameTap.accept(f);
            FrameMeta meta = new FrameMeta(camera.id(), Instant.ofEpochMilli(t), seq, camera.width(), camera.height());
            send(sink, new SimRecord(topics.frames(), camera.id(), f.jpeg(), frameCodec.headers(meta), t), seq, badRng);
        }
    }

    /** Ground truth: each incident's record at its start, never before. */
    private final class TruthStream extends Stream {
        final Set<String> sent = new HashSet<>();
        long cursor;

        TruthStream(int order, long start) {
            super(order, 1, 0, start);
            this.cursor = start;
        }

        /** Incidents are drawn ahead as time advances, so the next one is looked up again each time. */
        void reschedule() {
            for (InjectedIncident i : conditions.timeline().all()) {
                if (i.startMs() >= cursor && !sent.contains(i.incident().id())) {
                    due = i.startMs();
                    return;
                }
            }
            due = Long.MAX_VALUE;
        }

        @Override
        void emit(RecordSink sink) {
            emitAt(due, 0, sink);
            cursor = due;
            reschedule();
        }

        @Override
        void emitAt(long t, long seq, RecordSink sink) {
            for (InjectedIncident i : conditions.timeline().all()) {
                if (i.startMs() == t && sent.add(i.incident().id())) {
                    sink.accept(SimRecord.of(topics.truth(), i.incident().id(), IncidentCodec.encode(truthOf(i)), t));
                }
            }
        }
    }

    /** The incident as the truth states it: with the moment its evidence first exists, and until when the scene shows it. */
    public io.safetywatcher.common.event.Incident truthOf(InjectedIncident i) {
        Zone z = city.requireZone(i.incident().zone());
        boolean motion = i.incident().devices().stream().anyMatch(id -> city.sensors().stream()
                .anyMatch(s -> s.id().equals(id) && s.type() == io.safetywatcher.common.event.SensorType.MOTION));
        return i.incident().detectableFrom(java.time.Instant.ofEpochMilli(conditions.detectableFrom(z, i, motion)))
                .evidentUntil(java.time.Instant.ofEpochMilli(conditions.evidentUntil(i)));
    }

    @Override
    public void close() {
        renderers.forEach(FrameRenderer::close);
        renderers.clear();
    }
}
