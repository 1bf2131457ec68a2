package io.safetywatcher.alertjob.spark;

import com.datastax.oss.driver.api.core.DefaultConsistencyLevel;
import com.datastax.oss.driver.api.core.config.DefaultDriverOption;
import io.safetywatcher.alertjob.Main;
import io.safetywatcher.common.config.ConfigException;
import io.safetywatcher.common.config.WatcherConfig;
import io.safetywatcher.common.security.CassandraAccess;
import org.apache.spark.SparkConf;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * cassandra.consistency.read/write reach everything the job writes and reads with: the Spark
 * connector (raw tables) and the job's own driver session (registry, silences, alerts,
 * late quarantine). Set through the environment, as the compose file does.
 */
class ConsistencySettingsTest {

    private static WatcherConfig fromEnv(String read, String write) {
        return WatcherConfig.builder().environment(Map.of(
                "WATCHER_CASSANDRA_CONSISTENCY_READ", read, "WATCHER_CASSANDRA_CONSISTENCY_WRITE", write)).build();
    }

    private static CassandraEndpoint endpoint(WatcherConfig c) {
        return new CassandraEndpoint("cassandra-1", 9042, "dc1", "safety_watcher", 30_000,
                c.get("cassandra.consistency.read"), c.get("cassandra.consistency.write"), CassandraAccess.PLAIN);
    }

    @Test
    void defaultsAreLocalQuorumBothWays() {
        WatcherConfig c = WatcherConfig.defaults();
        SparkConf conf = Main.sparkConf(c);
        assertThat(conf.get("spark.cassandra.output.consistency.level")).isEqualTo("LOCAL_QUORUM");
        assertThat(conf.get("spark.cassandra.input.consistency.level")).isEqualTo("LOCAL_QUORUM");
        CassandraEndpoint e = endpoint(c);
        assertThat(e.writeLevel()).isEqualTo(DefaultConsistencyLevel.LOCAL_QUORUM);
        assertThat(e.driverConfig().getInitialConfig().getDefaultProfile().getString(DefaultDriverOption.REQUEST_CONSISTENCY))
                .isEqualTo("LOCAL_QUORUM");
    }

    @Test
    void theConnectorTakesBothLevelsFromConfiguration() {
        SparkConf conf = Main.sparkConf(fromEnv("ONE", "ALL"));
        assertThat(conf.get("spark.cassandra.input.consistency.level")).isEqualTo("ONE");
        assertThat(conf.get("spark.cassandra.output.consistency.level")).isEqualTo("ALL");
    }

    @Test
    void theDriverSessionReadsAtTheReadLevelAndWritesAtTheWriteLevel() {
        CassandraEndpoint e = endpoint(fromEnv("ONE", "EACH_QUORUM"));
        assertThat(e.driverConfig().getInitialConfig().getDefaultProfile().getString(DefaultDriverOption.REQUEST_CONSISTENCY))
                .isEqualTo("ONE");
        assertThat(e.writeLevel()).isEqualTo(DefaultConsistencyLevel.EACH_QUORUM);
    }

    @Test
    void aWrongLevelIsRefusedNamingTheKey() {
        assertThatThrownBy(() -> endpoint(fromEnv("LOCAL_QUORUM", "LOCAL_QUORAM")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("cassandra.consistency.write")
                .hasMessageContaining("LOCAL_QUORAM");
    }
}
