package io.safetywatcher.simulator;

import io.safetywatcher.simulator.city.City;
import io.safetywatcher.simulator.incident.IncidentTimeline;
import io.safetywatcher.simulator.incident.InjectedIncident;
import io.safetywatcher.simulator.life.NormalLife;
import io.safetywatcher.simulator.scenario.Scenario;
import io.safetywatcher.simulator.world.RecordSink;
import io.safetywatcher.common.config.Topics;
import io.safetywatcher.simulator.world.World;
import io.safetywatcher.simulator.world.WorldSettings;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongConsumer;

/**
 * Drives the world's clock. LIVE: simulated time follows the wall clock, {@code speed} times
 * faster. FAST: as fast as it can (backfills). EVERY: each period of wall time, the period just
 * ended is emitted in one go, as a job run by a scheduler would (once, with {@code once}).
 * The clock only decides when records are produced, never what they contain.
 */
public final class Simulation {
    public enum Mode { LIVE, FAST, EVERY }

    /**
     * @param endMs     Long.MAX_VALUE for a run that goes on until stopped
     * @param every     the period in EVERY mode
     */
    public record Plan(City city, Scenario scenario, Topics topics, WorldSettings settings, double incidentRate, Duration quietTail,
                       long startMs, long endMs, Mode mode, double speed, Duration every, boolean once) {
        /** A plan whose random incidents may go on to the end of the run. */
        public Plan(City city, Scenario scenario, Topics topics, WorldSettings settings, double incidentRate,
                    long startMs, long endMs, Mode mode, double speed, Duration every, boolean once) {
            this(city, scenario, topics, settings, incidentRate, Duration.ZERO, startMs, endMs, mode, speed, every, once);
        }
    }

    private static final long FAST_CHUNK_MS = 60_000;

    private final Plan plan;
    private final World world;
    private final IncidentTimeline timeline;

    public Simulation(Plan plan) {
        this.plan = plan;
        NormalLife life = new NormalLife(plan.city(), plan.settings().seed());
        List<InjectedIncident> planned = plan.scenario().place(plan.city(), life, plan.startMs(), plan.endMs(), plan.settings().seed());
        this.timeline = new IncidentTimeline(plan.city(), life, plan.settings().seed(), plan.incidentRate(), planned,
                plan.startMs(), plan.endMs(), plan.quietTail());
        this.world = new World(plan.city(), plan.settings(), plan.topics(), timeline, plan.startMs());
    }

    public World world() { return world; }

    public IncidentTimeline timeline() { return timeline; }

    /**
     * Runs until the plan's end or until {@code stop} is set.
     *
     * @param tick called now and then with the simulated time reached (progress)
     */
    public void run(RecordSink sink, AtomicBoolean stop, LongConsumer tick) throws InterruptedException {
        switch (plan.mode()) {
            case FAST -> fast(plan.endMs(), sink, stop, tick);
            case LIVE -> live(sink, stop, tick);
            case EVERY -> every(sink, stop, tick);
        }
    }

    private void fast(long end, RecordSink sink, AtomicBoolean stop, LongConsumer tick) {
        long t = world.clock();
        while (t < end && !stop.get()) {
            t = Math.min(end, t + FAST_CHUNK_MS);
            world.advanceTo(t, sink);
            tick.accept(t);
        }
    }

    private void live(RecordSink sink, AtomicBoolean stop, LongConsumer tick) throws InterruptedException {
        long wall0 = System.nanoTime();
        while (!stop.get()) {
            double elapsedMs = (System.nanoTime() - wall0) / 1e6 * plan.speed();
            long target = (long) Math.min((double) plan.endMs(), plan.startMs() + elapsedMs);
            world.advanceTo(target, sink);
            tick.accept(target);
            if (target >= plan.endMs()) {
                return;
            }
            Thread.sleep(20);
        }
    }

    private void every(RecordSink sink, AtomicBoolean stop, LongConsumer tick) throws InterruptedException {
        long period = plan.every().toMillis();
        long boundary = plan.startMs() + period; // the plan starts one period before the first boundary
        while (!stop.get()) {
            fast(boundary, sink, stop, tick);
            sink.flush();
            if (plan.once() || boundary >= plan.endMs()) {
                return;
            }
            boundary += period;
            while (!stop.get() && System.currentTimeMillis() < boundary) {
                Thread.sleep(Math.min(200, Math.max(1, boundary - System.currentTimeMillis())));
            }
        }
    }
}
