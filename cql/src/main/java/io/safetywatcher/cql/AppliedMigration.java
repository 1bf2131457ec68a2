package io.safetywatcher.cql;

import java.time.Duration;
import java.time.Instant;

/**
 * A migration that {@link Migrator#migrate()} applied in this run.
 *
 * @param statements how many statements the file held
 * @param appliedAt  when it was recorded in {@code schema_migrations}
 * @param took       how long its statements took, schema agreement included
 */
public record AppliedMigration(int version, String name, String checksum, int statements, Instant appliedAt, Duration took) {}
