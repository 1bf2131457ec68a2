package io.safetywatcher.common.config;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The one way topics are created: with the configured {@code topics.partitions} and
 * {@code topics.replication}, only those missing, and safe when another process creates the same
 * topic at the same moment (provisioning, the simulator's create-if-missing, the benches).
 */
public final class KafkaTopics {
    private KafkaTopics() {}

    /** Creates those of {@code names} the broker lacks; returns the ones this call created. */
    public static List<String> ensure(Admin admin, WatcherConfig config, Collection<String> names) {
        int partitions = config.getInt("topics.partitions");
        short replication = (short) config.getInt("topics.replication");
        try {
            Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            List<NewTopic> missing = names.stream().distinct().filter(t -> !existing.contains(t))
                    .map(t -> new NewTopic(t, partitions, replication)).toList();
            List<String> created = new ArrayList<>();
            for (Map.Entry<String, ? extends org.apache.kafka.common.KafkaFuture<Void>> f : admin.createTopics(missing).values().entrySet()) {
                try {
                    f.getValue().get(30, TimeUnit.SECONDS);
                    created.add(f.getKey());
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new IllegalStateException("cannot create topic " + f.getKey() + " at " + config.get("kafka.bootstrap") + ": "
                                + e.getCause().getMessage(), e.getCause());
                    }
                }
            }
            return created;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topics at " + config.get("kafka.bootstrap"), e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot list the topics at " + config.get("kafka.bootstrap") + ": " + e.getMessage(), e);
        }
    }
}
