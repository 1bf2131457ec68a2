package io.safetywatcher.simulator;

import io.safetywatcher.simulator.city.City;
import io.safetywatcher.simulator.city.CityFile;
import io.safetywatcher.simulator.scenario.Scenario;
import io.safetywatcher.simulator.scenario.ScenarioFile;
import io.safetywatcher.simulator.scene.RenderedFrame;
import io.safetywatcher.simulator.world.RecordSink;
import io.safetywatcher.simulator.world.SimRecord;
import io.safetywatcher.common.config.Topics;
import io.safetywatcher.simulator.world.WorldSettings;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/** Runs the simulator in memory, as fast as it goes, and hands back every record. */
final class Runs {
    static final Topics TOPICS = new Topics("sw.");

    private Runs() {}

    static City testCity() {
        try (InputStream in = Runs.class.getResourceAsStream("/test-city.yaml")) {
            return CityFile.parse("test-city.yaml", new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The scenario's start and duration decide the time range. */
    static List<SimRecord> run(City city, String scenarioYaml, boolean frames, double badRate, double incidentRate,
                               Consumer<RenderedFrame> tap) {
        return run(city, scenarioYaml, frames, badRate, incidentRate, tap, TOPICS);
    }

    static List<SimRecord> run(City city, String scenarioYaml, boolean frames, double badRate, double incidentRate,
                               Consumer<RenderedFrame> tap, Topics topics) {
        Scenario sc = ScenarioFile.parse("scenario.yaml", scenarioYaml);
        long start = sc.start().toEpochMilli();
        long end = start + sc.duration().toMillis();
        WorldSettings settings = new WorldSettings(sc.seed(), frames, Duration.ofSeconds(5), badRate, 80);
        Simulation sim = new Simulation(new Simulation.Plan(city, sc, topics, settings, incidentRate, start, end,
                Simulation.Mode.FAST, 1, null, false));
        if (tap != null) {
            sim.world().tapFrames(tap);
        }
        ListSink sink = new ListSink();
        try {
            sim.run(sink, new AtomicBoolean(), t -> { });
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        } finally {
            sim.world().close();
        }
        return sink.records;
    }

    static final class ListSink implements RecordSink {
        final List<SimRecord> records = new ArrayList<>();

        @Override
        public void accept(SimRecord r) { records.add(r); }

        @Override
        public void flush() { }

        @Override
        public void close() { }
    }
}
