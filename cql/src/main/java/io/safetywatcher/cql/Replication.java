package io.safetywatcher.cql;

import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * A keyspace's replication, rendered as the CQL map literal that {@code CREATE KEYSPACE ...
 * WITH replication = } takes. Validated up front so a typo fails here with a clear message
 * rather than as a server-side syntax error.
 *
 * <pre>{@code
 * Replication.simple(1).toCql()
 *     // {'class': 'SimpleStrategy', 'replication_factor': 1}
 * Replication.of("NetworkTopologyStrategy", Map.of("dc1", 3)).toCql()
 *     // {'class': 'NetworkTopologyStrategy', 'dc1': 3}
 * }</pre>
 */
public final class Replication {

    public static final String SIMPLE = "SimpleStrategy";
    public static final String NETWORK_TOPOLOGY = "NetworkTopologyStrategy";

    private static final String PACKAGE = "org.apache.cassandra.locator.";
    // Cassandra's datacenter names are free-form, but a quote would break the literal.
    private static final Pattern DATACENTER = Pattern.compile("[A-Za-z0-9_.\\-]+");

    private final String strategy;
    private final Integer factor;
    private final SortedMap<String, Integer> datacenters;

    private Replication(String strategy, Integer factor, SortedMap<String, Integer> datacenters) {
        this.strategy = strategy;
        this.factor = factor;
        this.datacenters = datacenters;
    }

    /** SimpleStrategy with the given factor: one datacenter, e.g. the embedded node. */
    public static Replication simple(int factor) {
        return of(SIMPLE, factor);
    }

    /** NetworkTopologyStrategy with a factor per datacenter, e.g. {@code {"dc1": 3}}. */
    public static Replication networkTopology(Map<String, Integer> datacenters) {
        return of(NETWORK_TOPOLOGY, datacenters);
    }

    /**
     * One factor for the strategy. For NetworkTopologyStrategy this is Cassandra's shorthand
     * {@code 'replication_factor': n}, which the server expands to every datacenter.
     *
     * @param strategy {@code SimpleStrategy} or {@code NetworkTopologyStrategy}, any case,
     *                 optionally with the {@code org.apache.cassandra.locator.} package
     * @throws IllegalArgumentException for another strategy or a factor below 1
     */
    public static Replication of(String strategy, int factor) {
        String canonical = canonical(strategy);
        requireFactor(factor, "replication factor");
        return new Replication(canonical, factor, Collections.emptySortedMap());
    }

    /**
     * A factor per datacenter; only NetworkTopologyStrategy takes that.
     *
     * @throws IllegalArgumentException for SimpleStrategy or another strategy, an empty map,
     *     a datacenter name that is not letters, digits, {@code _ . -}, or a factor below 1
     */
    public static Replication of(String strategy, Map<String, Integer> datacenters) {
        String canonical = canonical(strategy);
        Objects.requireNonNull(datacenters, "datacenters");
        if (!canonical.equals(NETWORK_TOPOLOGY)) {
            throw new IllegalArgumentException(canonical + " takes one replication factor, not one per datacenter; "
                    + "use " + NETWORK_TOPOLOGY + " for per-datacenter factors");
        }
        if (datacenters.isEmpty()) {
            throw new IllegalArgumentException(NETWORK_TOPOLOGY + " needs at least one datacenter with its replication factor");
        }
        SortedMap<String, Integer> copy = new TreeMap<>();
        datacenters.forEach((dc, factor) -> {
            if (dc == null || !DATACENTER.matcher(dc).matches()) {
                throw new IllegalArgumentException("datacenter name \"" + dc + "\" must be letters, digits, '_', '.' or '-'");
            }
            if (dc.equals("replication_factor") || dc.equals("class")) {
                throw new IllegalArgumentException("\"" + dc + "\" is a replication option, not a datacenter name");
            }
            if (factor == null) {
                throw new IllegalArgumentException("datacenter " + dc + " has no replication factor");
            }
            requireFactor(factor, "replication factor of datacenter " + dc);
            copy.put(dc, factor);
        });
        return new Replication(canonical, null, Collections.unmodifiableSortedMap(copy));
    }

    /** {@code SimpleStrategy} or {@code NetworkTopologyStrategy}. */
    public String strategy() {
        return strategy;
    }

    /** The single factor, if this replication has one rather than one per datacenter. */
    public OptionalInt factor() {
        return factor == null ? OptionalInt.empty() : OptionalInt.of(factor);
    }

    /** The per-datacenter factors, sorted by name; empty for a single factor. */
    public SortedMap<String, Integer> datacenters() {
        return datacenters;
    }

    /** The CQL map literal, e.g. {@code {'class': 'SimpleStrategy', 'replication_factor': 1}}. */
    public String toCql() {
        StringBuilder cql = new StringBuilder("{'class': '").append(strategy).append('\'');
        if (factor != null) {
            cql.append(", 'replication_factor': ").append(factor);
        }
        datacenters.forEach((dc, f) -> cql.append(", '").append(dc).append("': ").append(f));
        return cql.append('}').toString();
    }

    @Override
    public String toString() {
        return toCql();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Replication other
                && strategy.equals(other.strategy)
                && Objects.equals(factor, other.factor)
                && datacenters.equals(other.datacenters);
    }

    @Override
    public int hashCode() {
        return Objects.hash(strategy, factor, datacenters);
    }

    private static String canonical(String strategy) {
        if (strategy == null || strategy.isBlank()) {
            throw new IllegalArgumentException("replication strategy is missing; use " + SIMPLE + " or " + NETWORK_TOPOLOGY);
        }
        String name = strategy.strip();
        if (name.startsWith(PACKAGE)) {
            name = name.substring(PACKAGE.length());
        }
        String lower = name.toLowerCase(Locale.ROOT);
        if (lower.equals(SIMPLE.toLowerCase(Locale.ROOT))) {
            return SIMPLE;
        }
        if (lower.equals(NETWORK_TOPOLOGY.toLowerCase(Locale.ROOT))) {
            return NETWORK_TOPOLOGY;
        }
        throw new IllegalArgumentException("unknown replication strategy \"" + strategy + "\"; use " + SIMPLE
                + " (one datacenter) or " + NETWORK_TOPOLOGY + " (factor per datacenter)");
    }

    private static void requireFactor(int factor, String what) {
        if (factor < 1) {
            throw new IllegalArgumentException(what + " must be at least 1, was " + factor);
        }
    }
}
