package io.safetywatcher.store;

import java.util.List;

/**
 * The one class that holds a table family's CQL and row mapping. Every owner lists its
 * statements so that one test can prepare all of them against the migrated schema: a renamed or
 * dropped column then fails the build instead of a job in production.
 */
public interface TableOwner {

    /** Every statement this owner runs, as CQL text for {@code keyspace}, ready to prepare. */
    List<String> statements(String keyspace);
}
