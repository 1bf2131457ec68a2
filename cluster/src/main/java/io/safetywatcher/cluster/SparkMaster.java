package io.safetywatcher.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import io.safetywatcher.stack.Server;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The Spark standalone master ({@code org.apache.spark.deploy.master.Master}). */
final class SparkMaster implements Server {
    private final ClusterSettings s;

    SparkMaster(ClusterSettings s) { this.s = s; }

    @Override public String name() { return "spark-master"; }

    @Override public String host() { return s.masterAddress(); }

    @Override public int port() { return s.masterPort(); }

    @Override public List<Integer> ports() { return List.of(s.masterPort(), s.masterUiPort()); }

    @Override public Path dataDir() { return s.dir().resolve(name()); }

    @Override public Path classpath() { return s.sparkJars(); }

    @Override public Map<String, String> environment() { return SparkHome.environment(s); }

    @Override
    public void prepare() throws IOException { SparkHome.prepare(s); }

    @Override
    public List<String> jvmArguments() {
        List<String> a = new ArrayList<>(List.of("-Xmx384m", "-XX:+UseSerialGC"));
        a.addAll(io.safetywatcher.common.config.SparkSettings.JAVA17_OPENS);
        a.addAll(List.of("org.apache.spark.deploy.master.Master", "--host", s.masterAddress(), "--port", Integer.toString(s.masterPort()),
                "--webui-port", Integer.toString(s.masterUiPort())));
        return a;
    }

    @Override
    public Health probe() {
        try {
            JsonNode m = SparkRest.master(s);
            String status = m.path("status").asText();
            return "ALIVE".equals(status) ? Health.ok(m.path("aliveworkers").asInt() + " workers alive, " + m.path("activeapps").size()
                    + " applications running") : Health.down("master status " + status);
        } catch (IOException e) {
            return Health.down("master page not answering: " + e.getMessage());
        }
    }
}
