package io.safetywatcher.alertjob.spark;

import io.safetywatcher.alertjob.detect.ZoneInput;
import io.safetywatcher.alertjob.lifecycle.LifecycleOutput;
import io.safetywatcher.alertjob.lifecycle.ZoneWatch;
import io.safetywatcher.alertjob.lifecycle.ZoneWatchState;
import io.safetywatcher.alertjob.registry.Registry;
import io.safetywatcher.alertjob.rules.RuleSet;
import io.safetywatcher.alertjob.rules.ZoneFacts;
import io.safetywatcher.common.event.Alert;
import org.apache.spark.api.java.function.FlatMapGroupsWithStateFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.streaming.GroupState;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Spark's side of one zone: unpack its inputs, hand them to the {@link ZoneWatch} with the
 * zone's state, keep the state, and set the timeout at which the lifecycle next needs time
 * to pass (a resolve or a cooldown) when no input comes.
 */
final class ZoneStep implements FlatMapGroupsWithStateFunction<String, Row, ZoneWatchState, Alert> {
    private final RuleSet rules;
    private final CassandraEndpoint cassandra;

    ZoneStep(RuleSet rules, CassandraEndpoint cassandra) {
        this.rules = rules;
        this.cassandra = cassandra;
    }

    @Override
    public Iterator<Alert> call(String zone, Iterator<Row> rows, GroupState<ZoneWatchState> state) {
        ZoneWatchState s = state.exists() ? state.get() : new ZoneWatchState();
        // Spark has already dropped rows behind the watermark; the ingest query quarantines those as late.
        long wm = state.getCurrentWatermarkMs();
        List<ZoneInput> inputs = new ArrayList<>();
        while (rows.hasNext()) {
            inputs.add(deserialize(rows.next().getAs("payload")));
        }
        Registry reg = cassandra.registry().get();
        Map<String, ZoneFacts> facts = new HashMap<>();
        reg.zones().forEach((id, z) -> facts.put(id, new ZoneFacts(id, z.kind(), z.openingHours(), z.timezone(),
                z.importance() > 0 ? z.importance() : null)));
        ZoneWatch watch = new ZoneWatch(rules, facts);
        LifecycleOutput result = watch.process(s, inputs, cassandra.silences(), wm > 0 ? Instant.ofEpochMilli(wm) : null);
        state.update(s);
        watch.nextDeadline(s).ifPresent(d -> state.setTimeoutTimestamp(Math.max(d.toEpochMilli(), wm + 1)));
        return result.alerts().iterator();
    }

    static ZoneInput deserialize(byte[] bytes) {
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes))) {
            return (ZoneInput) in.readObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
    }
}
