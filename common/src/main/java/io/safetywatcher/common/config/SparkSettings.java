package io.safetywatcher.common.config;

import io.safetywatcher.common.security.CassandraAccess;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The one way a job's Spark configuration starts: as plain keys and values (no Spark on this
 * classpath), which a job loads into its {@code SparkConf} and then adds what is its own. Local
 * defaults apply only when no master is given (under spark-submit the submit decides); the
 * Cassandra connector's address, data centre, consistency and credentials come from the
 * configuration, the same for every job.
 */
public final class SparkSettings {
    /**
     * Reads a task of the connector's joins keeps in flight. Its default, 512 a task, with one
     * task a core fills the driver's single connection to a node (1,024 requests in flight) on
     * two cores, and then every other query of the job fails with "No connection was available"
     * (the analytics job over ~880,000 readings of two days did, every time). 128 leaves room for
     * the writes beside up to 7 tasks at once.
     */
    public static final int CONCURRENT_READS = 128;

    /**
     * The JVM options Spark's own launcher gives a driver or daemon on Java 17 (its
     * JavaModuleOptions), for JVMs we start ourselves; {@code ./watcher}'s SPARK_OPENS is the same list.
     */
    public static final java.util.List<String> JAVA17_OPENS = java.util.List.of("-XX:+IgnoreUnrecognizedVMOptions",
            "--add-opens=java.base/java.lang=ALL-UNNAMED", "--add-opens=java.base/java.lang.invoke=ALL-UNNAMED",
            "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED", "--add-opens=java.base/java.io=ALL-UNNAMED",
            "--add-opens=java.base/java.net=ALL-UNNAMED", "--add-opens=java.base/java.nio=ALL-UNNAMED",
            "--add-opens=java.base/java.util=ALL-UNNAMED", "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
            "--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED", "--add-opens=java.base/jdk.internal.ref=ALL-UNNAMED",
            "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED", "--add-opens=java.base/sun.nio.cs=ALL-UNNAMED",
            "--add-opens=java.base/sun.security.action=ALL-UNNAMED", "--add-opens=java.base/sun.util.calendar=ALL-UNNAMED",
            "-Djdk.reflect.useDirectMethodHandle=false");

    private SparkSettings() {}

    /**
     * @param masterGiven       whether spark-submit (or a caller) already set {@code spark.master}
     * @param shufflePartitions the local run's {@code spark.sql.shuffle.partitions}
     */
    public static Map<String, String> of(WatcherConfig c, String appName, boolean masterGiven, int shufflePartitions) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("spark.app.name", appName);
        if (!masterGiven) {
            m.put("spark.master", "local[*]");
            m.put("spark.driver.host", "127.0.0.1");
            m.put("spark.driver.bindAddress", "127.0.0.1");
            m.put("spark.ui.enabled", "false");
            m.put("spark.sql.shuffle.partitions", Integer.toString(shufflePartitions));
        }
        m.put("spark.sql.datetime.java8API.enabled", "true");
        m.put("spark.cassandra.connection.host", c.get("cassandra.host"));
        m.put("spark.cassandra.connection.port", c.get("cassandra.port"));
        m.put("spark.cassandra.connection.localDC", c.get("cassandra.datacenter"));
        m.put("spark.cassandra.output.consistency.level", c.get("cassandra.consistency.write"));
        m.put("spark.cassandra.input.consistency.level", c.get("cassandra.consistency.read"));
        m.put("spark.cassandra.concurrent.reads", Integer.toString(CONCURRENT_READS));
        // Credentials and TLS for the connector; Spark redacts *password* values in what it prints.
        m.putAll(CassandraAccess.of(c).connectorSettings());
        return m;
    }
}
