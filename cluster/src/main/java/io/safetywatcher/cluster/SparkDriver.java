package io.safetywatcher.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import io.safetywatcher.stack.Server;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A job's driver: {@code spark-submit} in client mode ({@code org.apache.spark.deploy.SparkSubmit}
 * on the Spark classpath, as {@code bin/spark-submit} runs it) with the job's submit jar, its
 * configuration as the WATCHER_* variables the compose file's services get. Healthy when its UI
 * answers and at least one executor on a worker has registered with it.
 */
final class SparkDriver implements Server {
    private final ClusterSettings s;
    private final ClusterJob job;

    SparkDriver(ClusterSettings s, ClusterJob job) {
        this.s = s;
        this.job = job;
    }

    ClusterJob job() { return job; }

    @Override public String name() { return job.id(); }

    @Override public String host() { return s.driverAddress(); }

    @Override public int port() { return s.driverUiPorts().get(job.id()); }

    @Override public List<Integer> ports() { return List.of(port()); }

    @Override public Path dataDir() { return s.checkpoints().resolve(job.id()); }

    @Override public Path classpath() { return s.sparkJars(); }

    @Override
    public Map<String, String> environment() {
        Map<String, String> env = new LinkedHashMap<>(SparkHome.environment(s));
        env.putAll(s.clientEnvironment());
        return env;
    }

    @Override
    public void prepare() throws IOException {
        SparkHome.prepare(s);
        Files.createDirectories(s.checkpoints());
        if (!Files.isRegularFile(job.jar(s.home()))) {
            throw new io.safetywatcher.stack.StackException("the submit jar " + job.jar(s.home()) + " is not built. Run 'mvn -B -DskipTests package' in "
                    + s.home() + ".");
        }
    }

    /** The whole spark-submit command after {@code java -cp <Spark jars>}. */
    @Override
    public List<String> jvmArguments() {
        List<String> a = new ArrayList<>(List.of("-Xmx768m"));
        a.addAll(io.safetywatcher.common.config.SparkSettings.JAVA17_OPENS);
        a.add("org.apache.spark.deploy.SparkSubmit");
        a.addAll(job.sparkArguments(s.masterUrl()));
        // Where this machine differs from a container: the driver's address and its UI's port.
        a.addAll(List.of("--conf", "spark.driver.host=" + s.driverAddress(), "--conf", "spark.ui.port=" + port()));
        a.add(job.jar(s.home()).toString());
        a.addAll(job.programArguments(s.checkpoints()));
        return a;
    }

    @Override
    public Health probe() {
        String ui = "http://" + s.driverAddress() + ":" + port() + "/api/v1/applications";
        try {
            JsonNode apps = SparkRest.get(ui);
            if (apps.isEmpty()) {
                return Health.down("no application yet");
            }
            String id = apps.get(0).path("id").asText();
            int executors = 0;
            for (JsonNode e : SparkRest.get(ui + "/" + id + "/executors")) {
                if (!"driver".equals(e.path("id").asText()) && e.path("isActive").asBoolean()) {
                    executors++;
                }
            }
            return executors > 0 ? Health.ok(id + " with " + executors + " executors") : Health.down(id + " has no executor yet");
        } catch (IOException e) {
            return Health.down("driver UI not answering: " + e.getMessage());
        }
    }
}
