package io.safetywatcher.cluster;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The folder Spark's daemons take for {@code SPARK_HOME}: a worker builds each executor's
 * classpath from {@code $SPARK_HOME/jars}, so that is a link to the Spark jars the build copied
 * (stack/servers/spark). Nothing is downloaded.
 */
final class SparkHome {
    private SparkHome() {}

    static void prepare(ClusterSettings s) throws IOException {
        if (!Files.isDirectory(s.sparkJars())) {
            throw new io.safetywatcher.stack.StackException("the Spark classpath " + s.sparkJars() + " is not built. Run 'mvn -B -DskipTests package' in "
                    + s.home() + " (./watcher does this on first run).");
        }
        Files.createDirectories(s.sparkHome());
        Path jars = s.sparkHome().resolve("jars");
        if (!Files.isSymbolicLink(jars) || !Files.readSymbolicLink(jars).equals(s.sparkJars())) {
            Files.deleteIfExists(jars);
            Files.createSymbolicLink(jars, s.sparkJars());
        }
    }

    /** What every Spark process of the cluster runs with. */
    static Map<String, String> environment(ClusterSettings s) {
        return Map.of("SPARK_HOME", s.sparkHome().toString(),
                // Spark's launcher otherwise looks for a source build's folders to learn it.
                "SPARK_SCALA_VERSION", "2.13",
                "JAVA_HOME", System.getProperty("java.home"));
    }

}
