package io.safetywatcher.analytics;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The spark-submit jar that {@code package} built: the job, its libraries, XChart and the
 * Cassandra connector with its shaded driver, and nothing Spark's own jars already hold.
 * Runs in {@code verify} (failsafe), after the jar exists.
 */
class SubmitJarIT {
    static JarFile jar;
    static List<String> entries;

    @BeforeAll
    static void open() throws IOException {
        Path path = Path.of(System.getProperty("submit.jar", "target/watcher-analytics-job-submit.jar"));
        assertThat(path).as("the submit jar, built by `mvn package`").exists();
        jar = new JarFile(path.toFile());
        entries = jar.stream().map(ZipEntry::getName).toList();
    }

    @AfterAll
    static void close() throws IOException {
        jar.close();
    }

    @Test
    void startsTheAnalyticsJob() throws IOException {
        assertThat(entries).contains("io/safetywatcher/analytics/Main.class", "io/safetywatcher/analytics/spark/AnalyticsJob.class",
                "io/safetywatcher/common/config/WatcherConfig.class", "watcher-defaults.properties", "picocli/CommandLine.class",
                "org/knowm/xchart/BitmapEncoder.class");
        assertThat(jar.getManifest().getMainAttributes().getValue("Main-Class")).isEqualTo("io.safetywatcher.analytics.Main");
    }

    @Test
    void carriesTheCassandraConnectorWithItsShadedDriverAndItsSparkExtensions() {
        assertThat(entries).contains("org/apache/spark/sql/cassandra/DefaultSource.class",
                "com/datastax/spark/connector/CassandraSparkExtensions.class",
                "com/datastax/oss/driver/api/core/CqlSession.class", "reference.conf");
    }

    /** Benches and the test stack's JUnit extension live in modules of their own (bench, stack/testing). */
    @Test
    void holdsNoTestNorBenchCode() {
        assertThat(entries).noneMatch(e -> e.startsWith("org/junit/"))
                .noneMatch(e -> e.startsWith("org/opentest4j/"))
                .noneMatch(e -> e.startsWith("io/safetywatcher/stack/junit/"))
                .noneMatch(e -> e.startsWith("io/safetywatcher/analytics/bench/"));
    }

    @Test
    void holdsNothingSparkAlreadyProvides() {
        assertThat(entries).doesNotContain("org/apache/spark/sql/SparkSession.class", "org/apache/spark/SparkContext.class");
        assertThat(entries).noneMatch(e -> e.startsWith("com/fasterxml/jackson/"))
                .noneMatch(e -> e.startsWith("scala/"))
                .noneMatch(e -> e.startsWith("org/slf4j/"))
                .noneMatch(e -> e.startsWith("org/apache/logging/log4j/"))
                .noneMatch(e -> e.startsWith("org/apache/hadoop/"))
                .noneMatch(e -> e.startsWith("org/apache/commons/math3/"))
                .noneMatch(e -> e.startsWith("org/apache/pdfbox/"));
    }
}
