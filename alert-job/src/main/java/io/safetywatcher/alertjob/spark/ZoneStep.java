package io.safetywatcher.alertjob.spark;

import io.safetywatcher.alertjob.detect.ZoneInput;
import io.safetywatcher.alertjob.lifecycle.LifecycleOutput;
import io.safetywatcher.alertjob.lifecycle.ZoneWatch;
import io.safetywatcher.alertjob.lifecycle.ZoneWatchState;
import io.safetywatcher.alertjob.registry.Registry;
import io.safetywatcher.alertjob.rules.RuleSet;
import io.safetywatcher.alertjob.rules.ZoneFacts;
import io.safetywatcher.common.event.DeadLetter;
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
final class ZoneStep implements FlatMapGroupsWithStateFunction<String, Row, ZoneWatchState, ZoneEvent> {
    private final RuleSet rules;
    private final CassandraEndpoint cassandra;

    ZoneStep(RuleSet rules, CassandraEndpoint cassandra) {
        this.rules = rules;
        this.cassandra = cassandra;
    }

    @Override
    public Iterator<ZoneEvent> call(String zone, Iterator<Row> rows, GroupState<ZoneWatchState> state) {
        ZoneWatchState s = state.exists() ? state.get() : new ZoneWatchState();
        long wm = state.getCurrentWatermarkMs();
        List<ZoneInput> inputs = new ArrayList<>();
        List<ZoneEvent> out = new ArrayList<>();
        while (rows.hasNext()) {
            Row r = rows.next();
            ZoneInput in = deserialize(r.getAs("payload"));
            if (wm > 0 && in.time().toEpochMilli() < wm) {
                out.add(new ZoneEvent(null, DeadLetter.of(r.getAs("src_topic"), r.<Integer>getAs("src_partition"),
                        r.<Long>getAs("src_offset"), in.deviceId(), "late",
                        "event time " + in.time() + " is behind the watermark " + Instant.ofEpochMilli(wm)
                                + ": later than the allowed lateness, not applied to detection",
                        new byte[0], in.time())));
            } else {
                inputs.add(in);
            }
        }
        Registry reg = cassandra.registry().get();
        Map<String, ZoneFacts> facts = new HashMap<>();
        reg.zones().forEach((id, z) -> facts.put(id, new ZoneFacts(id, z.kind(), z.openingHours(), z.timezone(), z.importance())));
        ZoneWatch watch = new ZoneWatch(rules, facts);
        LifecycleOutput result = watch.process(s, inputs, cassandra.silences(), wm > 0 ? Instant.ofEpochMilli(wm) : null);
        result.alerts().forEach(a -> out.add(new ZoneEvent(a, null)));
        state.update(s);
        watch.nextDeadline(s).ifPresent(d -> state.setTimeoutTimestamp(Math.max(d.toEpochMilli(), wm + 1)));
        return out.iterator();
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
