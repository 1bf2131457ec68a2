package io.safetywatcher.stack;

import io.safetywatcher.common.config.Topics;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;

import java.util.ArrayList;
import java.util.List;

/**
 * The principals of a secure stack and what each may do, least privilege: one name serves as
 * the Cassandra role and the Kafka SCRAM user. The roles table of docs/security.md is this class.
 * Cassandra grants are per table: operators only read, and their actions reach
 * {@code alert_actions} and the silences through the action service's role {@link #ACTIONS},
 * which writes nothing else. Operators log in as named accounts ({@link StackSecrets#addOperator}),
 * each a role inheriting {@link #OPERATOR}.
 */
public enum StackRole {
    /** Superuser of both servers: the stack itself (health, topics, schema, roles, ACLs). */
    ADMIN("watcher_admin"),
    /** The alert and analytics jobs: read inputs and the registry, write raw, alerts, quarantine, results. */
    JOB("watcher_job"),
    /** The simulator (or a device gateway): produce the inputs, write the device registry. */
    SIMULATOR("watcher_simulator"),
    /**
     * The CLI operators' group role: no login of its own, so every action has a name; each
     * operator account inherits it. Reads everything and writes nothing: operators act through
     * the action service, which checks the request and records who signed in.
     */
    OPERATOR("watcher_operator"),
    /**
     * The console program (console module): the one writer of operators' actions and silences.
     * Reads the keyspace, as the operators it serves do: the desk page shows alerts, evidence,
     * readings, the registry and the analytics figures. On Kafka it reads the alert topic (the
     * page's live list) and the CAP topic (the CAP feed), assigned partitions, no consumer group.
     */
    ACTIONS("watcher_actions"),
    /**
     * The notify program (./watcher notify): consumes the alert topic in its own group and keeps
     * its delivery log; writes nothing else.
     */
    NOTIFY("watcher_notify"),
    /** Analysts: read only. */
    ANALYST("watcher_analyst"),
    /** A police desk: consumes the alert topic (JSON or CAP), nothing else. Kafka only. */
    DESK("watcher_desk");

    /** Consumer groups other than Spark's must start with this, so one prefixed ACL covers them. */
    public static final String GROUP_PREFIX = "watcher-";
    /** What Spark's Kafka source names its consumer groups. */
    public static final String SPARK_GROUP_PREFIX = "spark-kafka-source-";
    /** The alert job's direct detection commits its input offsets to groups named so. */
    public static final String DIRECT_DETECT_GROUP_PREFIX = "safety-watcher-detect-";
    /** The alert sink's transactional ids start with this. */
    public static final String TRANSACTIONAL_PREFIX = "safety-watcher-";

    static final List<String> REGISTRY = List.of("zones", "devices", "devices_by_zone");
    static final List<String> JOB_WRITES = List.of(
            "readings_by_sensor_day", "observations_by_camera_day", "frames_by_camera_day", "raw_day_changes", "evidence_frames",
            "alerts_by_id", "alerts_by_day", "alerts_by_zone_day", "alert_events_by_alert", "alert_publications",
            "suppressions_by_day", "suppressions_by_cause",
            "quarantine_by_day",
            // the analytics job's results (006_analytics.cql)
            "analytics_runs", "incidents_by_zone_day", "incident_heatmap", "hotspots", "crowd_peaks", "noise_baseline", "trends",
            "device_health", "alert_handling",
            // ... and its incremental bookkeeping (007_analytics_incremental.cql)
            "zone_hour_stats_by_day", "analytics_days", "quarantine_by_reason");
    /** What the action service writes for operators; operators themselves write nothing. */
    static final List<String> ACTION_WRITES = List.of("alert_actions", "silences", "silences_by_zone", "silence_actions");
    /** The notify program's delivery log (012_notify_deliveries.cql), which it alone writes and reads. */
    static final List<String> NOTIFY_TABLES = List.of("notify_deliveries");
    private static final java.util.regex.Pattern OPERATOR_NAME = java.util.regex.Pattern.compile("[a-z][a-z0-9_]{1,31}");
    /** Names the stack's own files and roles use. */
    private static final java.util.Set<String> RESERVED = java.util.Set.of("ca", "keystore", "truststore", "cassandra", "created");

    private final String principal;

    StackRole(String principal) { this.principal = principal; }

    /** The Cassandra role and Kafka user name. */
    public String principal() { return principal; }

    /** A short name for file names: {@code job}, {@code operator}... */
    public String id() { return name().toLowerCase(java.util.Locale.ROOT); }

    public boolean hasCassandraRole() { return this != DESK; }

    /** Whether one logs in as this role; the operators' role is only inherited by named accounts. */
    public boolean login() { return this != OPERATOR; }

    /** An operator account's name, checked: it becomes a Cassandra role, a Kafka user and file names. */
    public static String operatorName(String name) {
        if (name == null || !OPERATOR_NAME.matcher(name).matches() || name.startsWith("watcher_") || RESERVED.contains(name)) {
            throw new StackException("an operator name is 2-32 lower-case letters, digits or '_', starting with a letter, "
                    + "not starting with watcher_ and not one of " + new java.util.TreeSet<>(RESERVED) + "; not '" + name + "'");
        }
        return name;
    }

    /** The CQL that makes {@code account} an operator: it inherits this role's grants. */
    public static String operatorAccountGrant(String account) {
        return "GRANT " + OPERATOR.principal + " TO " + operatorName(account);
    }

    /** An operator account's Kafka ACLs: Kafka has no role inheritance, so each account gets the operators' own. */
    public static List<AclBinding> operatorAccountAcls(Topics topics, String account) {
        return OPERATOR.kafkaAcls(topics, operatorName(account));
    }

    /** The CQL GRANT statements for this role (none for the superuser, who needs none). */
    public List<String> cqlGrants(String keyspace) {
        List<String> g = new ArrayList<>();
        switch (this) {
            case JOB -> {
                g.add(grant("SELECT", "KEYSPACE " + keyspace));
                JOB_WRITES.forEach(t -> g.add(grant("MODIFY", "TABLE " + keyspace + "." + t)));
            }
            case SIMULATOR -> readWrite(g, keyspace, REGISTRY);
            case OPERATOR -> g.add(grant("SELECT", "KEYSPACE " + keyspace));
            case ACTIONS -> {
                g.add(grant("SELECT", "KEYSPACE " + keyspace));
                ACTION_WRITES.forEach(t -> g.add(grant("MODIFY", "TABLE " + keyspace + "." + t)));
            }
            case NOTIFY -> {
                readWrite(g, keyspace, NOTIFY_TABLES);
                REGISTRY.forEach(t -> g.add(grant("SELECT", "TABLE " + keyspace + "." + t))); // zones' time zones and CAP areas
            }
            case ANALYST -> g.add(grant("SELECT", "KEYSPACE " + keyspace));
            default -> { }
        }
        return g;
    }

    /**
     * What older versions granted this role and it must no longer have: a folder secured by one
     * gets these on its next {@code stack up}. REVOKE of what is not granted is harmless.
     */
    public List<String> cqlRevokes(String keyspace) {
        List<String> r = new ArrayList<>();
        if (this == OPERATOR) {
            for (String t : java.util.stream.Stream.concat(java.util.stream.Stream.of("alerts_by_id"), ACTION_WRITES.stream()).toList()) {
                r.add("REVOKE MODIFY ON TABLE " + keyspace + "." + t + " FROM " + principal);
            }
        }
        return r;
    }

    private void readWrite(List<String> grants, String keyspace, List<String> tables) {
        for (String t : tables) {
            grants.add(grant("SELECT", "TABLE " + keyspace + "." + t));
            grants.add(grant("MODIFY", "TABLE " + keyspace + "." + t));
        }
    }

    private String grant(String permission, String resource) {
        return "GRANT " + permission + " ON " + resource + " TO " + principal;
    }

    /** The Kafka ACLs for this role (none for the superuser, nor for the operators' role, which no one logs in as). */
    public List<AclBinding> kafkaAcls(Topics topics) {
        return login() ? kafkaAcls(topics, principal) : List.of();
    }

    private List<AclBinding> kafkaAcls(Topics topics, String user) {
        List<AclBinding> a = new ArrayList<>();
        switch (this) {
            case JOB -> {
                for (String t : List.of(topics.readings(), topics.observations(), topics.frames())) {
                    a.add(allow(user, ResourceType.TOPIC, t, PatternType.LITERAL, AclOperation.READ));
                }
                a.add(allow(user, ResourceType.TOPIC, topics.alerts(), PatternType.LITERAL, AclOperation.WRITE));
                a.add(allow(user, ResourceType.TOPIC, topics.alertsCap(), PatternType.LITERAL, AclOperation.WRITE));
                a.add(allow(user, ResourceType.TOPIC, topics.deadLetter(), PatternType.LITERAL, AclOperation.WRITE));
                // The alert sink's own record of published batches, which it creates on first use.
                String commits = topics.prefix() + "alert-job-commits";
                for (AclOperation op : List.of(AclOperation.CREATE, AclOperation.READ, AclOperation.WRITE)) {
                    a.add(allow(user, ResourceType.TOPIC, commits, PatternType.LITERAL, op));
                }
                // Direct detection's state topic and the group its transactions commit the input offsets to.
                String state = topics.prefix() + "alert-job-state";
                for (AclOperation op : List.of(AclOperation.CREATE, AclOperation.READ, AclOperation.WRITE)) {
                    a.add(allow(user, ResourceType.TOPIC, state, PatternType.LITERAL, op));
                }
                a.add(allow(user, ResourceType.GROUP, DIRECT_DETECT_GROUP_PREFIX, PatternType.PREFIXED, AclOperation.READ));
                a.add(allow(user, ResourceType.GROUP, SPARK_GROUP_PREFIX, PatternType.PREFIXED, AclOperation.READ));
                a.add(allow(user, ResourceType.TRANSACTIONAL_ID, TRANSACTIONAL_PREFIX, PatternType.PREFIXED, AclOperation.WRITE));
            }
            case SIMULATOR -> {
                for (String t : List.of(topics.readings(), topics.observations(), topics.frames(), topics.truth())) {
                    a.add(allow(user, ResourceType.TOPIC, t, PatternType.LITERAL, AclOperation.WRITE));
                    // Its start-up "create if missing" asks; the topics exist, so nothing is created.
                    a.add(allow(user, ResourceType.TOPIC, t, PatternType.LITERAL, AclOperation.CREATE));
                }
            }
            case OPERATOR -> {
                a.add(allow(user, ResourceType.TOPIC, topics.alerts(), PatternType.LITERAL, AclOperation.READ));
                a.add(allow(user, ResourceType.TOPIC, topics.alertsCap(), PatternType.LITERAL, AclOperation.READ));
                a.add(allow(user, ResourceType.TOPIC, topics.deadLetter(), PatternType.LITERAL, AclOperation.READ));
                a.add(allow(user, ResourceType.GROUP, GROUP_PREFIX, PatternType.PREFIXED, AclOperation.READ));
            }
            case ANALYST -> {
                a.add(allow(user, ResourceType.TOPIC, topics.alerts(), PatternType.LITERAL, AclOperation.READ));
                a.add(allow(user, ResourceType.TOPIC, topics.alertsCap(), PatternType.LITERAL, AclOperation.READ));
                a.add(allow(user, ResourceType.TOPIC, topics.truth(), PatternType.LITERAL, AclOperation.READ));
                a.add(allow(user, ResourceType.GROUP, GROUP_PREFIX, PatternType.PREFIXED, AclOperation.READ));
            }
            case ACTIONS -> {
                a.add(allow(user, ResourceType.TOPIC, topics.alerts(), PatternType.LITERAL, AclOperation.READ));
                a.add(allow(user, ResourceType.TOPIC, topics.alertsCap(), PatternType.LITERAL, AclOperation.READ));
            }
            case NOTIFY, DESK -> {
                a.add(allow(user, ResourceType.TOPIC, topics.alerts(), PatternType.LITERAL, AclOperation.READ));
                a.add(allow(user, ResourceType.TOPIC, topics.alertsCap(), PatternType.LITERAL, AclOperation.READ));
                a.add(allow(user, ResourceType.GROUP, GROUP_PREFIX, PatternType.PREFIXED, AclOperation.READ));
            }
            default -> { }
        }
        return a;
    }

    private static AclBinding allow(String user, ResourceType type, String name, PatternType pattern, AclOperation op) {
        return new AclBinding(new ResourcePattern(type, name, pattern),
                new AccessControlEntry("User:" + user, "*", op, AclPermissionType.ALLOW));
    }
}
