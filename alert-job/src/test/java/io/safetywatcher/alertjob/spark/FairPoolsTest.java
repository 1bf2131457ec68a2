package io.safetywatcher.alertjob.spark;

import io.safetywatcher.alertjob.Main;
import io.safetywatcher.common.config.WatcherConfig;
import org.apache.spark.scheduler.Schedulable;
import org.apache.spark.scheduler.SchedulingMode;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The job's Spark gets its fair-scheduler pools from the job's fairscheduler.xml, so the
 * detect query (the alerts) is first in line for a free core and the ingest query second;
 * without the file both were created on demand with weight 1 and no minimum share.
 */
@Tag("stack") // starts a local Spark
class FairPoolsTest {

    @Test
    void theAlertPathsPoolIsConfiguredWithPriorityOverIngest() {
        SparkSession spark = SparkSession.builder().config(Main.sparkConf(WatcherConfig.defaults()).setMaster("local[2]")).getOrCreate();
        try {
            assertThat(spark.sparkContext().getSchedulingMode()).isEqualTo(SchedulingMode.FAIR());
            Schedulable detect = spark.sparkContext().getPoolForName("detect").get();
            Schedulable ingest = spark.sparkContext().getPoolForName("ingest").get();
            assertThat(detect.minShare()).isEqualTo(2);
            assertThat(detect.weight()).isEqualTo(4);
            assertThat(ingest.minShare()).isZero();
            assertThat(ingest.weight()).isEqualTo(1);
        } finally {
            spark.stop();
        }
    }
}
