package io.safetywatcher.alertjob.e2e;

import io.safetywatcher.alertjob.Main;
import io.safetywatcher.alertjob.rules.RuleSet;
import io.safetywatcher.alertjob.spark.AlertJob;
import io.safetywatcher.alertjob.spark.JobSettings;
import io.safetywatcher.common.config.WatcherConfig;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQuery;

import java.nio.file.Path;
import java.time.Duration;

/** The job in the test's JVM, as a scheduler runs it: --trigger available-now, on a checkpoint. */
public final class InProcessJob {
    private InProcessJob() {}

    static SparkSession spark(WatcherConfig config) {
        return SparkSession.builder().config(Main.sparkConf(config).setMaster("local[2]")
                .set("spark.driver.host", "127.0.0.1").set("spark.driver.bindAddress", "127.0.0.1")
                .set("spark.ui.enabled", "false").set("spark.sql.shuffle.partitions", "2")).getOrCreate();
    }

    /** Processes everything on the topics that the checkpoint has not seen, then returns. */
    public static void runAvailableNow(SparkSession spark, WatcherConfig config, Path checkpoint) throws Exception {
        runAvailableNow(spark, config, checkpoint, RuleSet.defaults());
    }

    /**
     * Has this JVM read the registry and the silences for the job's endpoint now, as an earlier
     * run in the same JVM leaves them: a job started after a silence is written must see it.
     */
    static void readCopiesEarlier(WatcherConfig config, Path checkpoint) {
        JobSettings settings = new JobSettings(config, true, Duration.ofSeconds(1), checkpoint, "earliest", 0, Duration.ofSeconds(1));
        new AlertJob(settings, RuleSet.defaults()).cassandra().silences();
    }

    /** The engine this test run's jobs detect with: {@code -Dwatcher.test.detect}, else the default {@code job.detect}. */
    static String engine() {
        return requested().orElseGet(() -> WatcherConfig.defaults().get("job.detect"));
    }

    /** {@code -Dwatcher.test.detect}, if given. */
    private static java.util.Optional<String> requested() {
        return java.util.Optional.of(System.getProperty("watcher.test.detect", "")).filter(e -> !e.isBlank());
    }

    /** Whether this test run has the job detect directly (the default; {@code -Dwatcher.test.detect=spark} runs the detect query). */
    static boolean direct() { return "direct".equals(engine()); }

    /**
     * With {@code -Dwatcher.test.detect=spark} the tests that run the job this way run it with
     * the detect query ({@code job.detect=spark}) instead of the default: how the two engines are checked to agree.
     */
    static void runAvailableNow(SparkSession spark, WatcherConfig config, Path checkpoint, RuleSet rules) throws Exception {
        runWith(spark, requested().map(e -> config.with("job.detect", e, "-Dwatcher.test.detect")).orElse(config), checkpoint, rules);
    }

    /** As above with the engine {@code config} names, whatever the test run's. */
    static void runAvailableNowAsConfigured(SparkSession spark, WatcherConfig config, Path checkpoint) throws Exception {
        runWith(spark, config, checkpoint, RuleSet.defaults());
    }

    private static void runWith(SparkSession spark, WatcherConfig c, Path checkpoint, RuleSet rules) throws Exception {
        JobSettings settings = new JobSettings(c, true, Duration.ofSeconds(1), checkpoint, "earliest", 0, Duration.ofSeconds(1));
        AlertJob job = new AlertJob(settings, rules);
        for (StreamingQuery q : job.start(spark)) {
            q.awaitTermination();
        }
        if (settings.directDetect()) {
            job.direct().run(() -> false); // available-now: returns at the input's end as it was at the start
        }
    }
}
