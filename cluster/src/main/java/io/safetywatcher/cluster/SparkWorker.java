package io.safetywatcher.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import io.safetywatcher.stack.Server;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A Spark standalone worker ({@code org.apache.spark.deploy.worker.Worker}): it launches the
 * executors, which die with it. Healthy when the master lists it as ALIVE.
 */
final class SparkWorker implements Server {
    private final ClusterSettings s;
    private final int index;

    /** @param index 1-based */
    SparkWorker(ClusterSettings s, int index) {
        this.s = s;
        this.index = index;
    }

    @Override public String name() { return "spark-worker-" + index; }

    @Override public String host() { return s.workerAddresses().get(index - 1); }

    @Override public int port() { return uiPort(); }

    private int uiPort() { return s.masterUiPort() + index; }

    @Override public List<Integer> ports() { return List.of(uiPort()); }

    @Override public Path dataDir() { return s.dir().resolve(name()); }

    @Override public Path classpath() { return s.sparkJars(); }

    @Override public Map<String, String> environment() { return SparkHome.environment(s); }

    @Override
    public void prepare() throws IOException {
        SparkHome.prepare(s);
        java.nio.file.Files.createDirectories(dataDir().resolve("work"));
    }

    @Override
    public List<String> jvmArguments() {
        List<String> a = new ArrayList<>(List.of("-Xmx256m", "-XX:+UseSerialGC"));
        a.addAll(io.safetywatcher.common.config.SparkSettings.JAVA17_OPENS);
        a.addAll(List.of("org.apache.spark.deploy.worker.Worker", "--host", host(), "--webui-port", Integer.toString(uiPort()),
                "--cores", Integer.toString(s.workerCores()), "--memory", s.workerMemory(),
                "--work-dir", dataDir().resolve("work").toString(), s.masterUrl()));
        return a;
    }

    @Override
    public Health probe() {
        try {
            for (JsonNode w : SparkRest.master(s).path("workers")) {
                if (host().equals(w.path("host").asText()) && "ALIVE".equals(w.path("state").asText())) {
                    return Health.ok(w.path("coresused").asInt() + " of " + w.path("cores").asInt() + " cores in use");
                }
            }
            return Health.down("not registered with the master as ALIVE");
        } catch (IOException e) {
            return Health.down("master page not answering: " + e.getMessage());
        }
    }
}
