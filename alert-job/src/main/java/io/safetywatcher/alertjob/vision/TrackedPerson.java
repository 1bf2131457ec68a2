package io.safetywatcher.alertjob.vision;

import java.io.Serializable;
import java.time.Instant;

/**
 * A person the tracker follows, as of one frame: an id local to the camera (no identity),
 * when it was first seen, when it last had a blob to itself (inside a group, who it follows is
 * uncertain), where it is, how fast it moves over the ground, and how erratic
 * its recent motion is (0 walking straight .. 1 jumping back and forth).
 */
public record TrackedPerson(int id, Instant firstSeen, Instant lastAlone, Box box, double speedMps, double erratic) implements Serializable {}
