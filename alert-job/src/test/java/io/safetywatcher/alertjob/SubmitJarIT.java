package io.safetywatcher.alertjob;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The spark-submit jar that {@code package} built: it must carry the job, its libraries and
 * both connectors, and nothing that Spark's own jars already hold (a second Spark, Jackson,
 * Scala or logging would be shadowed at best and break the driver at worst). Runs in
 * {@code verify} (failsafe), after the jar exists.
 */
class SubmitJarIT {
    static JarFile jar;
    static List<String> entries;

    @BeforeAll
    static void open() throws IOException {
        Path path = Path.of(System.getProperty("submit.jar", "target/watcher-alert-job-submit.jar"));
        assertThat(path).as("the submit jar, built by `mvn package`").exists();
        jar = new JarFile(path.toFile());
        entries = jar.stream().map(ZipEntry::getName).toList();
    }

    @AfterAll
    static void close() throws IOException {
        jar.close();
    }

    @Test
    void startsTheAlertJob() throws IOException {
        assertThat(entries).contains("io/safetywatcher/alertjob/Main.class", "io/safetywatcher/alertjob/spark/AlertJob.class",
                "rules-default.yaml");
        assertThat(jar.getManifest().getMainAttributes().getValue("Main-Class")).isEqualTo("io.safetywatcher.alertjob.Main");
    }

    @Test
    void carriesCommonAndPicocli() {
        assertThat(entries).contains("io/safetywatcher/common/config/WatcherConfig.class", "watcher-defaults.properties",
                "picocli/CommandLine.class");
    }

    @Test
    void carriesTheKafkaSourceWithTheClientItWasBuiltFor() throws IOException {
        assertThat(entries).contains("org/apache/spark/sql/kafka010/KafkaSourceProvider.class",
                "org/apache/kafka/clients/consumer/KafkaConsumer.class",
                "org/apache/spark/kafka010/KafkaDelegationTokenProvider.class",
                "org/apache/commons/pool2/ObjectPool.class");
        Properties version = new Properties();
        try (InputStream in = jar.getInputStream(jar.getEntry("kafka/kafka-version.properties"))) {
            version.load(in);
        }
        assertThat(version.getProperty("version")).isEqualTo("3.4.1");
    }

    @Test
    void carriesTheCassandraConnectorWithItsShadedDriver() {
        assertThat(entries).anyMatch(e -> e.startsWith("com/datastax/spark/connector/") && e.endsWith(".class"));
        assertThat(entries).contains("org/apache/spark/sql/cassandra/DefaultSource.class",
                "com/datastax/oss/driver/api/core/CqlSession.class", "reference.conf");
    }

    /**
     * Spark finds "kafka" through this service file. The connector registers no short name:
     * {@code format("org.apache.spark.sql.cassandra")} resolves to that package's
     * {@code DefaultSource} class, checked above.
     */
    @Test
    void registersTheKafkaDataSource() throws IOException {
        assertThat(serviceProviders("org.apache.spark.sql.sources.DataSourceRegister"))
                .contains("org.apache.spark.sql.kafka010.KafkaSourceProvider");
        assertThat(serviceProviders("org.apache.spark.security.HadoopDelegationTokenProvider"))
                .contains("org.apache.spark.kafka010.KafkaDelegationTokenProvider");
    }

    /** Benches and the test stack's JUnit extension live in modules of their own (bench, stack/testing). */
    @Test
    void holdsNoTestNorBenchCode() {
        assertThat(entries).noneMatch(e -> e.startsWith("org/junit/"))
                .noneMatch(e -> e.startsWith("org/opentest4j/"))
                .noneMatch(e -> e.startsWith("io/safetywatcher/stack/junit/"))
                .noneMatch(e -> e.startsWith("io/safetywatcher/alertjob/bench/"));
    }

    @Test
    void holdsNothingSparkAlreadyProvides() {
        assertThat(entries).doesNotContain("org/apache/spark/sql/SparkSession.class", "org/apache/spark/SparkContext.class",
                "org/apache/spark/sql/Dataset.class");
        assertThat(entries).noneMatch(e -> e.startsWith("com/fasterxml/jackson/"))
                .noneMatch(e -> e.startsWith("scala/"))
                .noneMatch(e -> e.startsWith("org/slf4j/"))
                .noneMatch(e -> e.startsWith("org/apache/logging/log4j/"))
                .noneMatch(e -> e.startsWith("org/yaml/snakeyaml/"));
        // Spark's own dependencies, which the Kafka source's pom names again.
        assertThat(entries).noneMatch(e -> e.startsWith("org/apache/hadoop/"))
                .noneMatch(e -> e.startsWith("org/xerial/snappy/"))
                .noneMatch(e -> e.startsWith("net/jpountz/"))
                .noneMatch(e -> e.startsWith("com/codahale/metrics/"))
                .noneMatch(e -> e.startsWith("org/apache/commons/lang3/"))
                .noneMatch(e -> e.startsWith("org/apache/spark/annotation/"));
    }

    private static List<String> serviceProviders(String service) throws IOException {
        ZipEntry e = jar.getEntry("META-INF/services/" + service);
        assertThat(e).as("META-INF/services/" + service).isNotNull();
        try (InputStream in = jar.getInputStream(e)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().map(String::trim)
                    .filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
        }
    }
}
