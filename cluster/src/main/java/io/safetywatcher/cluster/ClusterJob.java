package io.safetywatcher.cluster;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A job the cluster runs, submitted as {@code docker-compose.yml} submits it: client mode (the
 * driver here, executors on the workers), the job's submit jar, the same Spark settings and the
 * same program arguments. {@code ClusterComposeTest} fails when the two drift apart.
 */
public enum ClusterJob {
    ALERT_JOB("alert-job", "safety-watcher-alert-job", "io.safetywatcher.alertjob.Main", "alert-job/target/watcher-alert-job-submit.jar",
            List.of("--conf", "spark.sql.shuffle.partitions=6"), "768m"),
    ANALYTICS("analytics", "safety-watcher-analytics-job", "io.safetywatcher.analytics.Main",
            "analytics-job/target/watcher-analytics-job-submit.jar", List.of(), "512m");

    private final String id;
    private final String appName;
    private final String mainClass;
    private final String jar;
    private final List<String> extraConf;
    private final String executorMemory;

    ClusterJob(String id, String appName, String mainClass, String jar, List<String> extraConf, String executorMemory) {
        this.id = id;
        this.appName = appName;
        this.mainClass = mainClass;
        this.jar = jar;
        this.extraConf = extraConf;
        this.executorMemory = executorMemory;
    }

    public String id() { return id; }

    public static ClusterJob of(String id) {
        for (ClusterJob j : values()) {
            if (j.id.equals(id)) {
                return j;
            }
        }
        throw new IllegalArgumentException("no job named '" + id + "': choose alert-job or analytics");
    }

    public Path jar(Path home) { return home.resolve(jar); }

    /** spark-submit's arguments, before the jar: what is the same on every cluster. */
    public List<String> sparkArguments(String masterUrl) {
        List<String> a = new ArrayList<>(List.of("--master", masterUrl, "--deploy-mode", "client", "--name", appName,
                "--conf", "spark.cores.max=2"));
        a.addAll(extraConf);
        a.addAll(List.of("--executor-cores", "1", "--executor-memory", executorMemory, "--driver-memory", "768m", "--class", mainClass));
        return a;
    }

    /** The program's own arguments, after the jar. */
    public List<String> programArguments(Path checkpoints) {
        return switch (this) {
            case ALERT_JOB -> List.of("--trigger", "continuous", "--interval", "1s", "--checkpoint", checkpoints.resolve(id).toString());
            case ANALYTICS -> List.of("--every", "1h");
        };
    }
}
