package io.safetywatcher.cli.command;

import io.safetywatcher.cli.Inputs;
import io.safetywatcher.cli.output.Table;
import io.safetywatcher.cli.store.AlertStore;
import io.safetywatcher.store.registry.Registry;
import io.safetywatcher.common.config.Topics;
import io.safetywatcher.store.alerts.AlertTables;
import io.safetywatcher.store.quarantine.QuarantineTable;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.GroupListing;
import org.apache.kafka.clients.admin.ListGroupsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/** {@code stats}: how much is there, how far behind consumers are, and what was refused. */
@Command(name = "stats", mixinStandardHelpOptions = true,
        description = "Counts (registry, alerts of the day by state and severity), Kafka topic sizes and consumer-group lag, quarantine by reason.")
public final class StatsCommand extends OperatorCommand {
    @Option(names = "--day", paramLabel = "DATE", defaultValue = "now", description = "Which UTC day's alerts and quarantine (default: today).")
    String day;

    @Override
    public Integer call() throws Exception {
        Instant at = Inputs.time("--day", day, now());
        LocalDate d = AlertStore.day(at);
        var session = connections().cassandra();
        String keyspace = connections().keyspace();
        Registry reg = registry();
        Table counts = new Table("counts", "what", "count");
        counts.add("zones", reg.zones().size());
        counts.add("cameras", reg.deviceIds("camera").size());
        counts.add("sensors", reg.deviceIds("sensor").size());
        Map<String, Long> byState = new TreeMap<>();
        Map<String, Long> bySeverity = new TreeMap<>();
        long alerts = 0;
        for (AlertTables.StateOfDay r : new AlertTables(session, keyspace).statesOf(d)) {
            alerts++;
            byState.merge(String.valueOf(r.state()).toLowerCase(), 1L, Long::sum);
            bySeverity.merge(String.valueOf(r.severity()), 1L, Long::sum);
        }
        counts.add("alerts " + d, alerts);
        byState.forEach((k, v) -> counts.add("alerts " + d + " " + k, v));
        bySeverity.forEach((k, v) -> counts.add("alerts " + d + " " + k, v));
        Map<String, Long> reasons = new TreeMap<>();
        for (String reason : new QuarantineTable(session, keyspace).reasonsOf(d)) {
            reasons.merge(reason, 1L, Long::sum);
        }
        Table quarantine = new Table("quarantine", "day", "reason", "count");
        reasons.forEach((k, v) -> quarantine.add(d, k, v));
        Table topics = new Table("topics", "topic", "partitions", "records");
        Table lag = new Table("consumer_lag", "group", "topic", "lag");
        kafka(topics, lag);
        print(counts, quarantine, topics, lag);
        return 0;
    }

    private void kafka(Table topics, Table lag) throws InterruptedException, ExecutionException, java.util.concurrent.TimeoutException {
        Admin admin = connections().kafkaAdmin();
        List<String> names = Topics.of(connections().config()).all();
        Set<String> existing = admin.listTopics().names().get(15, TimeUnit.SECONDS);
        Map<TopicPartition, OffsetSpec> ends = new HashMap<>();
        Map<TopicPartition, OffsetSpec> starts = new HashMap<>();
        var described = admin.describeTopics(names.stream().filter(existing::contains).toList()).allTopicNames().get(15, TimeUnit.SECONDS);
        described.forEach((name, desc) -> desc.partitions().forEach(p -> {
            ends.put(new TopicPartition(name, p.partition()), OffsetSpec.latest());
            starts.put(new TopicPartition(name, p.partition()), OffsetSpec.earliest());
        }));
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> end = admin.listOffsets(ends).all().get(15, TimeUnit.SECONDS);
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> start = admin.listOffsets(starts).all().get(15, TimeUnit.SECONDS);
        for (String name : names) {
            if (!described.containsKey(name)) {
                topics.add(name, 0, "missing");
                continue;
            }
            // Offsets, so transaction markers count too: a close upper bound on the records kept.
            long n = end.entrySet().stream().filter(e -> e.getKey().topic().equals(name))
                    .mapToLong(e -> e.getValue().offset() - start.get(e.getKey()).offset()).sum();
            topics.add(name, described.get(name).partitions().size(), n);
        }
        for (GroupListing g : admin.listGroups(ListGroupsOptions.forConsumerGroups()).all().get(15, TimeUnit.SECONDS)) {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(g.groupId())
                    .partitionsToOffsetAndMetadata().get(15, TimeUnit.SECONDS);
            Map<String, Long> perTopic = committed.entrySet().stream().filter(e -> e.getValue() != null && end.containsKey(e.getKey()))
                    .collect(Collectors.groupingBy(e -> e.getKey().topic(), TreeMap::new,
                            Collectors.summingLong(e -> Math.max(0, end.get(e.getKey()).offset() - e.getValue().offset()))));
            perTopic.forEach((topic, l) -> lag.add(g.groupId(), topic, l));
        }
    }
}
