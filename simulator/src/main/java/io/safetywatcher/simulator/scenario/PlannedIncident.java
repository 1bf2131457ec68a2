package io.safetywatcher.simulator.scenario;

import io.safetywatcher.common.event.AlertType;
import io.safetywatcher.shell.file.LocatedNode;

import java.time.Duration;

/**
 * One incident as a scenario file asks for it, keeping its file location so that checks
 * against the city (unknown zone, an intrusion while the zone is open) can name the line.
 *
 * @param camera null to let the simulator pick one of the zone's cameras
 */
public record PlannedIncident(AlertType type, String zone, Duration at, Duration duration, double intensity, String camera,
                              LocatedNode node) {
}
