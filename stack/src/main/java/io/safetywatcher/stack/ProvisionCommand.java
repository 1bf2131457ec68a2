package io.safetywatcher.stack;

import io.safetywatcher.common.config.WatcherConfig;
import io.safetywatcher.cql.AppliedMigration;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code ./watcher stack provision}: what {@code up} does after its servers are healthy (topics,
 * then the schema), against servers someone else runs: a cluster, or the compose file's
 * one-shot {@code provision} service. Starts nothing; both steps are idempotent.
 */
@Command(name = "provision", mixinStandardHelpOptions = true,
        description = "Create the missing topics (topics.partitions, topics.replication) and apply the pending schema "
                + "migrations (cassandra.replication.*) on the configured Kafka and Cassandra. Starts no server.")
final class ProvisionCommand implements Callable<Integer> {
    @CommandLine.Mixin StackCommand.ConfigMixin config;
    @Option(names = {"-v", "--verbose"}, description = "Print every configuration key.") boolean verbose;

    @Override
    public Integer call() throws Exception {
        WatcherConfig c = config.options.load();
        PrintWriter out = config.out();
        StackCommand.printConfig(out, c, verbose);
        long t0 = System.nanoTime();
        out.println("  kafka      " + c.get("kafka.bootstrap") + "  (" + c.get("topics.partitions") + " partitions, replication "
                + c.get("topics.replication") + ")");
        List<String> created = Provisioning.createTopics(c);
        out.println("  topics: " + (created.isEmpty() ? "all present" : "created " + String.join(", ", created)));
        out.println("  cassandra  " + c.get("cassandra.host") + ":" + c.get("cassandra.port") + "  (keyspace "
                + c.get("cassandra.keyspace") + ", replication " + Provisioning.replication(c) + ")");
        out.flush();
        List<AppliedMigration> applied = Provisioning.applySchema(c);
        out.println("  schema: " + (applied.isEmpty() ? "up to date" : "applied " + String.join(", ",
                applied.stream().map(AppliedMigration::name).toList())));
        out.printf("provisioned in %.1f s%n", (System.nanoTime() - t0) / 1e9);
        return 0;
    }
}
