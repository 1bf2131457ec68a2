/**
 * The table-access layer: one owner class per table family (registry, raw, alerts, quarantine,
 * evidence, analytics) holds that family's CQL and its row mapping. No CQL text lives outside
 * this package (the schema files under {@code cql/} aside), so a renamed column is found by the
 * compiler or by the test that prepares every statement against the migrated schema.
 */
package io.safetywatcher.store;
