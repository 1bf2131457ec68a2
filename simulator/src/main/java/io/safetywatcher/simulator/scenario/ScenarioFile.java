package io.safetywatcher.simulator.scenario;

import io.safetywatcher.common.event.AlertType;
import io.safetywatcher.shell.file.FileProblem;
import io.safetywatcher.shell.file.LocatedNode;
import io.safetywatcher.shell.file.LocatedReader;
import io.safetywatcher.simulator.incident.IncidentKinds;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Reads a scenario file (YAML or JSON); every mistake names its line and field. */
public final class ScenarioFile {
    private ScenarioFile() {}

    public static Scenario load(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new FileProblem(file.toString(), 0, "", "no such file");
        }
        try {
            return parse(file.getFileName().toString(), Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read scenario " + file, e);
        }
    }

    public static Scenario parse(String fileName, String content) {
        LocatedNode root = LocatedReader.read(fileName, content).allowOnly("start", "duration", "seed", "city", "incidents");
        Instant start = root.has("start") ? root.field("start").instant() : null;
        Duration duration = root.has("duration") ? root.field("duration").duration() : null;
        if (duration != null && duration.isZero()) {
            throw root.field("duration").problem("should be more than zero");
        }
        Long seed = root.has("seed") ? root.field("seed").longValue() : null;
        String city = root.has("city") ? root.field("city").text() : null;
        List<PlannedIncident> incidents = new ArrayList<>();
        if (root.has("incidents")) {
            for (LocatedNode n : root.field("incidents").list()) {
                incidents.add(incident(n, duration));
            }
        }
        return new Scenario(fileName, start, duration, seed, city, incidents);
    }

    private static PlannedIncident incident(LocatedNode n, Duration runLength) {
        n.allowOnly("type", "zone", "at", "duration", "intensity", "camera");
        LocatedNode typeNode = n.field("type");
        AlertType type = AlertType.fromId(typeNode.text()).filter(IncidentKinds::plannable)
                .orElseThrow(() -> typeNode.problem("unknown incident type '" + typeNode.text() + "'; expected one of "
                        + java.util.stream.Stream.concat(IncidentKinds.INJECTABLE.stream(), IncidentKinds.DEVICE_FAULTS.stream())
                        .map(AlertType::id).toList()));
        String zone = n.field("zone").text();
        Duration at = n.field("at").duration();
        if (runLength != null && at.compareTo(runLength) >= 0) {
            throw n.field("at").problem("is " + at + ", not inside the scenario's duration of " + runLength);
        }
        Duration d = n.has("duration") ? n.field("duration").duration() : IncidentKinds.defaultDuration(type);
        if (d.isZero() || d.compareTo(IncidentKinds.MAX_DURATION) > 0) {
            throw n.field("duration").problem("should be more than zero and at most " + IncidentKinds.MAX_DURATION.toHours() + "h");
        }
        double intensity = n.has("intensity") ? n.field("intensity").number(0, 1) : 0.8;
        String camera = n.has("camera") ? n.field("camera").text() : null;
        return new PlannedIncident(type, zone, at, d, intensity, camera, n);
    }
}
