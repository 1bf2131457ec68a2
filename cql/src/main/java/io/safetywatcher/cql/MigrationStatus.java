package io.safetywatcher.cql;

import java.time.Instant;

/**
 * Where one migration stands in a keyspace.
 *
 * @param name             the file name (for {@link State#UNKNOWN}, the recorded one)
 * @param checksum         the shipped file's checksum; null for {@link State#UNKNOWN}
 * @param recordedChecksum the checksum recorded when applied; null for {@link State#PENDING}
 * @param appliedAt        null unless recorded
 * @param appliedBy        the migrator's owner that applied it; null unless recorded
 */
public record MigrationStatus(
        int version,
        String name,
        State state,
        String checksum,
        String recordedChecksum,
        Instant appliedAt,
        String appliedBy) {

    public enum State {
        /** Recorded, and the shipped file is unchanged. */
        APPLIED,
        /** Shipped, not applied yet. */
        PENDING,
        /** Recorded, but the shipped file differs from what was applied: migrate() refuses. */
        EDITED,
        /** Recorded by a newer build: this build does not ship the file. */
        UNKNOWN
    }
}
