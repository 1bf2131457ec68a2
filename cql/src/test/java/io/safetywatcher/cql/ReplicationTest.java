package io.safetywatcher.cql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReplicationTest {

    @Test
    void simpleStrategyLiteral() {
        assertThat(Replication.simple(1).toCql()).isEqualTo("{'class': 'SimpleStrategy', 'replication_factor': 1}");
        assertThat(Replication.of("SimpleStrategy", 3).toCql()).isEqualTo("{'class': 'SimpleStrategy', 'replication_factor': 3}");
        assertThat(Replication.simple(1)).hasToString(Replication.simple(1).toCql());
    }

    @Test
    void networkTopologyLiteralListsDatacentersInNameOrder() {
        Map<String, Integer> dcs = new LinkedHashMap<>();
        dcs.put("dc2", 2);
        dcs.put("dc1", 3);
        Replication r = Replication.of("NetworkTopologyStrategy", dcs);
        assertThat(r.toCql()).isEqualTo("{'class': 'NetworkTopologyStrategy', 'dc1': 3, 'dc2': 2}");
        assertThat(r.datacenters()).containsExactly(Map.entry("dc1", 3), Map.entry("dc2", 2));
        assertThat(r.factor()).isEmpty();
        assertThat(Replication.networkTopology(Map.of("us-east-1", 3)).toCql())
                .isEqualTo("{'class': 'NetworkTopologyStrategy', 'us-east-1': 3}");
    }

    @Test
    void networkTopologyWithOneFactorUsesTheServersShorthand() {
        assertThat(Replication.of("NetworkTopologyStrategy", 3).toCql())
                .isEqualTo("{'class': 'NetworkTopologyStrategy', 'replication_factor': 3}");
    }

    @Test
    void acceptsQualifiedAndDifferentlyCasedStrategyNames() {
        assertThat(Replication.of("org.apache.cassandra.locator.SimpleStrategy", 1)).isEqualTo(Replication.simple(1));
        assertThat(Replication.of("networktopologystrategy", Map.of("dc1", 3)).strategy()).isEqualTo("NetworkTopologyStrategy");
    }

    @Test
    void rejectsUnknownStrategy() {
        assertThatThrownBy(() -> Replication.of("LocalStrategy", 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown replication strategy \"LocalStrategy\"")
                .hasMessageContaining("SimpleStrategy")
                .hasMessageContaining("NetworkTopologyStrategy");
        assertThatThrownBy(() -> Replication.of(" ", 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Replication.of(null, 1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void rejectsBadFactorsAndDatacenters() {
        assertThatThrownBy(() -> Replication.simple(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least 1");
        assertThatThrownBy(() -> Replication.of("SimpleStrategy", Map.of("dc1", 3)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not one per datacenter");
        assertThatThrownBy(() -> Replication.networkTopology(Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least one datacenter");
        assertThatThrownBy(() -> Replication.networkTopology(Map.of("dc'1", 3)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("datacenter name");
        assertThatThrownBy(() -> Replication.networkTopology(Map.of("dc1", -1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("dc1");
        assertThatThrownBy(() -> Replication.networkTopology(Map.of("replication_factor", 3)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
