package io.safetywatcher.common.config;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class SparkSettingsTest {
    @Test
    void aLocalRunGetsLocalDefaultsAndTheConnectorFromTheConfiguration() {
        WatcherConfig c = WatcherConfig.load(null, Map.of("cassandra.host", "10.0.0.7", "cassandra.consistency.write", "LOCAL_QUORUM"));
        Map<String, String> s = SparkSettings.of(c, "job", false, 3);
        assertThat(s).containsEntry("spark.app.name", "job").containsEntry("spark.master", "local[*]")
                .containsEntry("spark.driver.bindAddress", "127.0.0.1").containsEntry("spark.sql.shuffle.partitions", "3")
                .containsEntry("spark.cassandra.connection.host", "10.0.0.7")
                .containsEntry("spark.cassandra.output.consistency.level", "LOCAL_QUORUM")
                .containsEntry("spark.cassandra.connection.localDC", c.get("cassandra.datacenter"));
    }

    @Test
    void underSparkSubmitTheSubmitDecidesWhereItRuns() {
        Map<String, String> s = SparkSettings.of(WatcherConfig.load(null, Map.of()), "job", true, 3);
        assertThat(s).doesNotContainKeys("spark.master", "spark.driver.host", "spark.driver.bindAddress", "spark.sql.shuffle.partitions")
                .containsKey("spark.cassandra.connection.host");
    }

    @Test
    void joinReadsLeaveTheConnectionRoomForTheJobsOtherQueries() {
        // The driver's one connection to a node takes 1,024 requests in flight; a 2-core local run has 2 tasks.
        for (boolean submitted : new boolean[] {false, true}) {
            int reads = Integer.parseInt(SparkSettings.of(WatcherConfig.load(null, Map.of()), "job", submitted, 3)
                    .get("spark.cassandra.concurrent.reads"));
            assertThat(reads).isPositive();
            assertThat(2 * reads).isLessThanOrEqualTo(1024 / 2);
        }
    }
}
