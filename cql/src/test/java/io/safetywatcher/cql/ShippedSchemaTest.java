package io.safetywatcher.cql;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Checks the shipped .cql files without a server: index, syntax basics, and the table contract. */
class ShippedSchemaTest {

    private static final Map<String, String> VALUES = Map.of(
            "keyspace", "ks_test", "replication", Replication.simple(1).toCql());
    private static final Pattern CREATE_TABLE = Pattern.compile("(?is)CREATE TABLE IF NOT EXISTS ks_test\\.([a-z0-9_]+)\\s*(\\(.*)");
    private static final Pattern PRIMARY_KEY = Pattern.compile("(?is)PRIMARY KEY\\s*\\((.*)\\)\\s*$");
    private static final Pattern SNAKE_CASE = Pattern.compile("[a-z][a-z0-9_]*");

    private final List<MigrationScript> scripts = MigrationScript.load();

    @Test
    void indexListsEveryFileInTheFolderAndNothingElse() throws IOException, URISyntaxException {
        URL folder = getClass().getClassLoader().getResource(MigrationScript.DEFAULT_FOLDER);
        assertThat(folder).isNotNull();
        assertThat(folder.getProtocol()).as("tests read the resources from a directory").isEqualTo("file");
        Set<String> onDisk;
        try (Stream<Path> files = Files.list(Path.of(folder.toURI()))) {
            onDisk = files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".cql")).collect(Collectors.toSet());
        }
        assertThat(scripts).extracting(MigrationScript::name).containsExactlyInAnyOrderElementsOf(onDisk);
    }

    @Test
    void versionsAreUniqueAscendingAndStartWithTheKeyspace() {
        List<Integer> versions = scripts.stream().map(MigrationScript::version).toList();
        assertThat(versions).doesNotHaveDuplicates().isSorted();
        assertThat(versions.get(0)).isEqualTo(1);
        assertThat(scripts.get(0).statements(VALUES)).singleElement()
                .extracting(s -> s.replaceAll("\\s+", " ")).asString()
                .startsWith("CREATE KEYSPACE IF NOT EXISTS ks_test WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}");
    }

    @Test
    void loadingTwiceGivesTheSameChecksums() {
        assertThat(MigrationScript.load()).extracting(MigrationScript::checksum)
                .containsExactlyElementsOf(scripts.stream().map(MigrationScript::checksum).toList());
        assertThat(scripts).allSatisfy(s -> assertThat(s.checksum()).matches("[0-9a-f]{64}"));
    }

    @Test
    void everyStatementIsAnIdempotentCreateAlterOrInsertInTheKeyspace() {
        for (MigrationScript script : scripts) {
            for (String statement : script.statements(VALUES)) {
                String upper = statement.toUpperCase(Locale.ROOT);
                assertThat(upper).as(script.name()).matches("(?s)(CREATE|ALTER|INSERT)\\s.*");
                if (upper.startsWith("CREATE")) {
                    assertThat(upper).as(script.name() + ": " + statement).contains(" IF NOT EXISTS ");
                }
                assertThat(statement).as(script.name()).doesNotContain("${", "--", "/*", ";");
                if (!upper.startsWith("CREATE KEYSPACE")) {
                    assertThat(statement).as("qualified with the keyspace: " + statement).contains("ks_test.");
                }
                assertThat(upper).as("counters are not idempotent").doesNotContain("COUNTER");
            }
        }
    }

    @Test
    void tablesAreUniqueWithBalancedParenthesesAndSnakeCaseColumns() {
        Map<String, Table> tables = tables();
        assertThat(tables).isNotEmpty();
        for (Table t : tables.values()) {
            assertThat(t.name).matches(SNAKE_CASE);
            assertThat(t.columns.keySet()).as(t.name).allSatisfy(c -> assertThat(c).matches(SNAKE_CASE));
            for (String key : t.primaryKey) {
                assertThat(t.columns).as(t.name + " key column " + key).containsKey(key);
            }
        }
    }

    @Test
    void tablesMatchTheContract() {
        Map<String, Table> t = tables();
        assertThat(t.keySet()).containsExactlyInAnyOrder(
                "zones", "devices", "devices_by_zone",
                "readings_by_sensor_day", "observations_by_camera_day", "frames_by_camera_day", "raw_day_changes",
                "alerts_by_id", "alerts_by_day", "alerts_by_zone_day", "alert_events_by_alert", "alert_publications",
                "evidence_frames", "silences", "silences_by_zone",
                "quarantine_by_day",
                "analytics_runs", "incidents_by_zone_day", "incident_heatmap", "hotspots", "crowd_peaks",
                "noise_baseline", "trends", "device_health", "alert_handling",
                "zone_hour_stats_by_day", "analytics_days", "quarantine_by_reason",
                "alert_actions", "suppressions_by_day", "suppressions_by_cause", "silence_actions", "notify_deliveries",
                "archive_days");

        assertThat(t.get("zones").primaryKeyText).isEqualTo("zone_id");
        assertThat(t.get("devices").primaryKeyText).isEqualTo("device_id");
        assertThat(t.get("devices_by_zone").primaryKeyText).isEqualTo("(zone_id), device_id");
        assertThat(t.get("readings_by_sensor_day").primaryKeyText).isEqualTo("(sensor_id, day), ts, seq");
        assertThat(t.get("observations_by_camera_day").primaryKeyText).isEqualTo("(camera_id, day), ts, seq, label");
        assertThat(t.get("frames_by_camera_day").primaryKeyText).isEqualTo("(camera_id, day), ts, seq");
        assertThat(t.get("evidence_frames").primaryKeyText).isEqualTo("(alert_id), camera_id, ts");
        assertThat(t.get("alerts_by_id").primaryKeyText).isEqualTo("alert_id");
        assertThat(t.get("alerts_by_day").primaryKeyText).isEqualTo("(day), started_at, alert_id");
        assertThat(t.get("alerts_by_zone_day").primaryKeyText).isEqualTo("(zone_id, day), started_at, alert_id");
        assertThat(t.get("alert_events_by_alert").primaryKeyText).isEqualTo("(alert_id), event_ts, state");
        assertThat(t.get("alert_actions").primaryKeyText).isEqualTo("(alert_id), action_id");
        assertThat(t.get("notify_deliveries").primaryKeyText).isEqualTo("(receiver, alert_id), event_key, notification_id, attempt");
        assertThat(t.get("archive_days").primaryKeyText).isEqualTo("day");
        assertThat(t.get("alert_actions").columns).containsEntry("action_id", "timeuuid").containsKeys("kind", "actor", "acted_at", "note", "false_alarm");
        assertThat(t.get("suppressions_by_day").primaryKeyText).isEqualTo("(day), at, fingerprint, reason");
        assertThat(t.get("suppressions_by_cause").primaryKeyText).isEqualTo("(suppressed_by), at, fingerprint, reason");
        assertThat(t.get("silence_actions").primaryKeyText).isEqualTo("(silence_id), action_id");
        assertThat(t.get("silences").primaryKeyText).isEqualTo("silence_id");
        assertThat(t.get("silences_by_zone").primaryKeyText).isEqualTo("(zone_id), ends_at, silence_id");
        assertThat(t.get("quarantine_by_day").primaryKeyText).isEqualTo("(day), ts, src_topic, src_partition, src_offset");
        assertThat(t.get("raw_day_changes").primaryKeyText).isEqualTo("(day), source_table");
        assertThat(t.get("device_health").primaryKeyText).isEqualTo("(day), device_id");

        // Day buckets are dates; the alert row carries what a human did with it.
        assertThat(t.get("readings_by_sensor_day").columns).containsEntry("day", "date").containsEntry("ts", "timestamp")
                .containsEntry("seq", "bigint").containsEntry("src_offset", "bigint");
        assertThat(t.get("alerts_by_id").columns).containsKeys("acknowledged", "ack_by", "ack_at", "ack_note",
                "false_alarm", "resolved_by", "resolved_note", "fingerprint", "rule_version", "devices", "evidence");
        assertThat(t.get("alert_publications").columns).containsKeys("query_id", "batch_id");
    }

    @Test
    void rawTablesAreNewestFirstTimeWindowedAndExpire() {
        Map<String, Table> t = tables();
        for (String raw : List.of("readings_by_sensor_day", "observations_by_camera_day", "frames_by_camera_day", "quarantine_by_day")) {
            assertThat(t.get(raw).options).as(raw)
                    .contains("'class': 'TimeWindowCompactionStrategy'")
                    .contains("'compaction_window_unit': 'DAYS'")
                    .contains("'compaction_window_size': 1")
                    .contains("default_time_to_live = 7776000")
                    .containsPattern("CLUSTERING ORDER BY \\(ts DESC");
        }
        assertThat(t.get("evidence_frames").options).contains("default_time_to_live = 604800");
        for (String list : List.of("alerts_by_day", "alerts_by_zone_day")) {
            assertThat(t.get(list).options).as(list).contains("CLUSTERING ORDER BY (started_at DESC");
        }
    }

    private record Table(String name, Map<String, String> columns, String primaryKeyText, List<String> primaryKey, String options) {}

    /** A deliberately small parser: enough for the shapes these files use. */
    private Map<String, Table> tables() {
        Map<String, Table> tables = new LinkedHashMap<>();
        for (MigrationScript script : scripts) {
            for (String statement : script.statements(VALUES)) {
                if (!statement.toUpperCase(Locale.ROOT).startsWith("CREATE TABLE")) {
                    continue;
                }
                Matcher m = CREATE_TABLE.matcher(statement);
                assertThat(m.matches()).as("parses: " + statement).isTrue();
                String rest = m.group(2);
                int close = matchingParenthesis(rest);
                assertThat(close).as("balanced parentheses: " + statement).isPositive();
                String body = rest.substring(1, close);
                String after = rest.substring(close + 1).strip();
                assertThat(after).as("options of " + m.group(1)).matches("(?is)(WITH\\s.*)?");
                assertThat(matchingParenthesis("(" + after + ")")).as("balanced options: " + statement)
                        .isEqualTo(after.length() + 1);
                Map<String, String> columns = new LinkedHashMap<>();
                String keyText = null;
                for (String part : splitTopLevel(body)) {
                    Matcher pk = PRIMARY_KEY.matcher(part);
                    if (part.toUpperCase(Locale.ROOT).startsWith("PRIMARY KEY") && pk.matches()) {
                        keyText = pk.group(1).strip();
                        continue;
                    }
                    String[] words = part.strip().split("\\s+", 2);
                    String type = words[1].strip();
                    if (type.toUpperCase(Locale.ROOT).endsWith("PRIMARY KEY")) {
                        type = type.substring(0, type.length() - "PRIMARY KEY".length()).strip();
                        keyText = words[0];
                    }
                    assertThat(columns.put(words[0], type)).as("duplicate column " + words[0]).isNull();
                }
                assertThat(keyText).as("primary key of " + m.group(1)).isNotNull();
                List<String> keyColumns = new ArrayList<>();
                for (String k : keyText.replace("(", " ").replace(")", " ").split(",")) {
                    keyColumns.add(k.strip());
                }
                String name = m.group(1);
                String options = after;
                assertThat(tables.put(name, new Table(name, columns, keyText.replaceAll("\\s+", " "), keyColumns, options)))
                        .as("table " + name + " created twice").isNull();
            }
        }
        return tables;
    }

    /** Index of the parenthesis closing the one at index 0, or -1. */
    private static int matchingParenthesis(String s) {
        int depth = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            depth += c == '(' ? 1 : c == ')' ? -1 : 0;
            if (depth == 0) {
                return c == ')' ? i : -1;
            }
        }
        return -1;
    }

    /** Splits on commas outside parentheses and angle brackets. */
    private static List<String> splitTopLevel(String body) {
        List<String> parts = new ArrayList<>();
        int depth = 0;
        StringBuilder current = new StringBuilder();
        for (char c : body.toCharArray()) {
            if (c == '(' || c == '<') {
                depth++;
            } else if (c == ')' || c == '>') {
                depth--;
            }
            if (c == ',' && depth == 0) {
                parts.add(current.toString().strip());
                current.setLength(0);
            } else {
                current.append(c);
            }
        }
        if (!current.toString().isBlank()) {
            parts.add(current.toString().strip());
        }
        return parts;
    }
}
