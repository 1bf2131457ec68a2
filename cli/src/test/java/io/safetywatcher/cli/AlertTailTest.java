package io.safetywatcher.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.safetywatcher.common.codec.AlertCodec;
import io.safetywatcher.common.codec.Json;
import io.safetywatcher.common.config.Topics;
import io.safetywatcher.common.event.Alert;
import io.safetywatcher.common.event.AlertState;
import io.safetywatcher.common.event.AlertType;
import io.safetywatcher.common.event.Severity;
import io.safetywatcher.stack.junit.StackEndpoints;
import io.safetywatcher.stack.junit.StackTest;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code alerts tail}: filters show exactly the matching alerts, and a group resumes where it stopped. */
@StackTest
class AlertTailTest {
    static StackEndpoints stack;
    static Seed seed;
    static String topic;

    @BeforeAll
    static void seed(StackEndpoints endpoints) throws Exception {
        stack = endpoints;
        seed = new Seed("tail" + Long.toString(System.nanoTime() % 100000, 36)).write(endpoints);
        topic = Topics.of(endpoints.config()).alerts();
        publish(alert("a1", AlertType.GUNSHOT, Severity.CRITICAL, seed.zoneA),
                alert("a2", AlertType.NOISE, Severity.LOW, seed.zoneA),
                alert("a3", AlertType.CROWD_DENSITY, Severity.HIGH, seed.zoneA),
                alert("b1", AlertType.GUNSHOT, Severity.CRITICAL, seed.zoneB),
                alert("b2", AlertType.NOISE, Severity.HIGH, seed.zoneB));
    }

    static Alert alert(String id, AlertType type, Severity severity, String zone) {
        Instant t = Instant.now();
        return new Alert(seed.tag + "-" + id, "fp-" + seed.tag + "-" + id, type, severity, AlertState.FIRING, zone, List.of("d1"), t, t, null,
                0.8, type.id() + " in " + zone, List.of(), "test-1");
    }

    static void publish(Alert... alerts) throws Exception {
        try (KafkaProducer<byte[], byte[]> p = new Connections(stack.config()).producer()) {
            for (Alert a : alerts) {
                p.send(new ProducerRecord<>(topic, a.fingerprint().getBytes(), AlertCodec.encode(a))).get();
            }
        }
    }

    static List<String> ids(Cli.Result r) throws Exception {
        assertThat(r.code()).as(r.toString()).isZero();
        List<String> ids = new ArrayList<>();
        for (String line : r.out().lines().filter(l -> !l.isBlank()).toList()) {
            JsonNode n = Json.MAPPER.readTree(line);
            ids.add(n.get("id").asText());
        }
        return ids;
    }

    @Test
    void filtersShowExactlyTheMatchingAlertsAndASecondRunResumes() throws Exception {
        String group = "test-" + seed.tag;
        Set<String> severe = Set.of(seed.tag + "-a1", seed.tag + "-a3");
        List<String> first = ids(Cli.run(stack, "alerts", "tail", "--zone", seed.zoneA, "--severity-at-least", "high", "--from-beginning",
                "--max", "1", "--group", group, "--format", "json"));
        assertThat(first).hasSize(1);
        assertThat(severe).contains(first.get(0));

        List<String> second = ids(Cli.run(stack, "alerts", "tail", "--zone", seed.zoneA, "--severity-at-least", "high", "--for", "12s",
                "--group", group, "--format", "json"));
        assertThat(second).as("resumes after the first run's alert, repeats nothing").hasSize(1).doesNotContain(first.get(0));
        assertThat(severe).contains(second.get(0));

        publish(alert("a4", AlertType.PANIC, Severity.HIGH, seed.zoneA), alert("a5", AlertType.PANIC, Severity.LOW, seed.zoneA));
        List<String> third = ids(Cli.run(stack, "alerts", "tail", "--zone", seed.zoneA, "--severity-at-least", "high", "--for", "12s",
                "--group", group, "--format", "json"));
        assertThat(third).containsExactly(seed.tag + "-a4");

        Cli.Result stats = Cli.run(stack, "stats", "--format", "json");
        assertThat(stats.code()).as(stats.toString()).isZero();
        JsonNode lag = null;
        for (JsonNode row : Json.MAPPER.readTree(stats.out()).get("consumer_lag")) {
            if (row.get("group").asText().equals(group)) {
                lag = row;
            }
        }
        assertThat(lag).as("stats lists the group's lag: " + stats).isNotNull();
        assertThat(lag.get("topic").asText()).isEqualTo(topic);
        assertThat(lag.get("lag").asLong()).isZero();
    }

    @Test
    void typeFilterAcrossZones() throws Exception {
        List<String> gunshots = ids(Cli.run(stack, "alerts", "tail", "--type", "gunshot", "--from-beginning", "--for", "12s",
                "--group", "test-type-" + seed.tag, "--format", "json"));
        assertThat(gunshots.stream().filter(i -> i.startsWith(seed.tag)).toList())
                .containsExactlyInAnyOrder(seed.tag + "-a1", seed.tag + "-b1");
    }

    @Test
    void tableFormatShowsOneLinePerAlert() {
        Cli.Result r = Cli.run(stack, "alerts", "tail", "--zone", seed.zoneB, "--from-beginning", "--max", "2",
                "--group", "test-table-" + seed.tag);
        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(r.out().lines().filter(l -> l.contains(seed.zoneB)).count()).isEqualTo(2);
        assertThat(r.err()).contains("2 shown");
    }
}
