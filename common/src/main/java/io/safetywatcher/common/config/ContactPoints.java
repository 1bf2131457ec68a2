package io.safetywatcher.common.config;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code cassandra.host} as the driver's contact points: one host embedded, or a comma-separated
 * list on a cluster ({@code cassandra-1,cassandra-2,cassandra-3}), because a session starts as
 * soon as one of them answers and finds the other nodes itself. The Spark connector's
 * {@code spark.cassandra.connection.host} takes the same list.
 */
public final class ContactPoints {
    private ContactPoints() {}

    /**
     * The hosts that resolve now, each with the port. A host that does not (a stopped container
     * is not in Docker's DNS) is left out, so the others can still start the session.
     *
     * @throws ConfigException if the list is empty or none of its hosts resolves
     */
    public static List<InetSocketAddress> of(String hosts, int port) {
        List<InetSocketAddress> resolved = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (String part : hosts.split(",")) {
            String host = part.strip();
            if (!host.isEmpty()) {
                names.add(host);
                InetSocketAddress address = new InetSocketAddress(host, port);
                if (!address.isUnresolved()) {
                    resolved.add(address);
                }
            }
        }
        if (names.isEmpty()) {
            throw new ConfigException("cassandra.host is empty: give a host, or a comma-separated list of a cluster's nodes");
        }
        if (resolved.isEmpty()) {
            throw new ConfigException("cassandra.host: none of " + names + " resolves to an address; check the names (or the DNS)");
        }
        return List.copyOf(resolved);
    }
}
