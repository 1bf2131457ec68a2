package io.safetywatcher.cli.demo;

import io.safetywatcher.cli.Connections;
import io.safetywatcher.cli.LocalRun;
import io.safetywatcher.common.config.WatcherConfig;

import io.safetywatcher.common.event.Alert;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** What the demo's steps share: where things are, the alert job once started, and what was expected. */
final class DemoRun implements AutoCloseable {
    final WatcherConfig config;
    final Path home;
    final Path stackDir;
    final Path logs;
    final Path scenarioFile;
    final String scenarioName;
    final Duration wait;
    final Path dirFlag;
    final boolean useRunningStack;
    /** How much history is backfilled before the timeline, for the analytics. */
    final Duration history;
    /** Random incidents per hour in it: enough that even the CI-sized hour has some history alerts. */
    final int historyIncidentsPerHour;
    final Connections connections;
    Scenario scenario;
    Process alertJob;
    Path checkpoint;
    Path alertJobLog;
    DemoSteps.AlertFeed feed;
    /** The feed's events folded into lines; the backfilled window is its history. */
    final AlertFold fold = new AlertFold(this::isHistory);
    /** Where the desk page answers (set once the stack is up or checked). */
    URI deskConsole;
    /** The backfilled window, fixed with the timeline's start. */
    private Instant historyFrom;
    private Instant historyTo;
    private Instant timelineStart;

    DemoRun(WatcherConfig config, Path home, Path stackDir, Path logs, Path scenarioFile, String scenarioName, Duration wait, Path dirFlag,
            boolean useRunningStack, Duration history, int historyIncidentsPerHour) {
        this.config = config;
        this.home = home;
        this.stackDir = stackDir;
        this.logs = logs;
        this.scenarioFile = scenarioFile;
        this.scenarioName = scenarioName;
        this.wait = wait;
        this.dirFlag = dirFlag;
        this.useRunningStack = useRunningStack;
        this.history = history;
        this.historyIncidentsPerHour = historyIncidentsPerHour;
        this.connections = new Connections(config);
    }

    /**
     * The simulated timeline ends about now (fixed at the first call), so alerts fire as it plays;
     * the history ends where it starts, and the night of camera incidents before the history.
     */
    Instant timelineStart() {
        if (timelineStart == null) {
            timelineStart = Instant.now().minus(scenario.duration()).truncatedTo(ChronoUnit.SECONDS);
            // The history ends where the timeline starts: a gap in event time between them is a
            // silence of every sensor, and raised as sensor-silent.
            historyTo = timelineStart;
            historyFrom = historyTo.minus(history);
        }
        return timelineStart;
    }

    /** An alert raised from the backfilled history: it started inside the backfilled window. */
    boolean isHistory(Alert a) {
        timelineStart();
        return !a.startedAt().isBefore(historyFrom) && a.startedAt().isBefore(historyTo);
    }

    Instant historyFrom() {
        timelineStart();
        return historyFrom;
    }

    Instant historyTo() {
        timelineStart();
        return historyTo;
    }

    Path reportDir() {
        return stackDir.resolve("report");
    }

    /** SIGTERM: Spark stops its queries; the checkpoint stays consistent. */
    void stopAlertJob() throws InterruptedException {
        if (alertJob != null) {
            alertJob.destroy();
            alertJob.waitFor();
        }
    }

    /** Prints what went wrong and the end of a log; returns the failure status. */
    static int fail(String what, Path log) throws IOException {
        System.err.println("error: " + what);
        System.err.print(LocalRun.tail(log, 30));
        return 1;
    }

    @Override
    public void close() throws InterruptedException {
        if (feed != null) {
            feed.close();
        }
        stopAlertJob();
        connections.close();
    }
}
