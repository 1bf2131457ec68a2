package io.safetywatcher.stack;

import com.datastax.oss.driver.api.core.CqlSession;
import io.safetywatcher.common.security.KafkaAccess;
import io.safetywatcher.cql.MigrationScript;
import io.safetywatcher.stack.junit.StackEndpoints;
import io.safetywatcher.stack.junit.StackTest;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code stack provision}, what the compose file's one-shot service runs, against servers it
 * did not start: topics with the configured partitions, then the schema, and nothing the
 * second time. Cassandra is reached through a list of contact points, as on a cluster.
 */
@StackTest
class ProvisionCommandTest {

    @Test
    void createsTheTopicsAndTheSchemaThenASecondRunChangesNothing(StackEndpoints stack) throws Exception {
        String[] args = {"provision",
                "--set", "kafka.bootstrap=" + stack.kafkaBootstrap(),
                // A list of contact points, as on a cluster, one of them a node that is gone.
                "--set", "cassandra.host=gone-node.invalid," + stack.cassandraHost(),
                "--set", "cassandra.port=" + stack.cassandraPort(),
                "--set", "cassandra.datacenter=" + stack.datacenter(),
                "--set", "cassandra.keyspace=provisioned",
                "--set", "topics.prefix=prov.",
                "--set", "topics.partitions=2"};

        String first = run(args);
        assertThat(first).contains("topics: created", "prov.readings", "prov.alerts", "applied 001_keyspace.cql")
                .contains("replication {'class': 'SimpleStrategy', 'replication_factor': 1}");
        try (Admin admin = Admin.create(KafkaServer.clientProps(stack.kafkaBootstrap(), KafkaAccess.PLAIN))) {
            Map<String, TopicDescription> topics = admin.describeTopics(List.of("prov.frames", "prov.readings", "prov.alerts"))
                    .allTopicNames().get(30, TimeUnit.SECONDS);
            assertThat(topics.values()).allSatisfy(t -> assertThat(t.partitions()).hasSize(2));
        }
        try (CqlSession s = stack.openSession()) {
            assertThat(s.execute("SELECT version FROM provisioned.schema_migrations").all()).hasSize(MigrationScript.load().size());
        }

        String second = run(args);
        assertThat(second).contains("topics: all present", "schema: up to date");
    }

    private static String run(String... args) {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        PrintStream old = System.out;
        int code;
        try {
            System.setOut(new PrintStream(buf, true));
            code = StackCommand.run(args);
        } finally {
            System.setOut(old);
        }
        assertThat(code).as(buf.toString()).isZero();
        return buf.toString();
    }
}
