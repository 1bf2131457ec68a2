package io.safetywatcher.alertjob.spark;

import io.safetywatcher.alertjob.detect.RiskModel;
import io.safetywatcher.alertjob.detect.ZoneInput;
import io.safetywatcher.alertjob.lifecycle.ZoneWatch;
import io.safetywatcher.alertjob.rules.RuleSet;
import io.safetywatcher.alertjob.vision.FrameFeatures;
import io.safetywatcher.common.event.DeadLetter;
import org.apache.spark.api.java.function.FlatMapGroupsWithStateFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.streaming.GroupState;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.UncheckedIOException;
import java.util.Iterator;

/**
 * Spark's side of one zone: unpack its rows, run the {@link ZoneBatch} with the zone's state,
 * keep the state, and set the timeout at which the lifecycle next needs time to pass (a resolve
 * or a cooldown).
 */
final class ZoneStep implements FlatMapGroupsWithStateFunction<String, Row, ZoneClock, ZoneEvent> {
    private final RuleSet rules;
    private final CassandraEndpoint cassandra;
    private final boolean timeouts;
    private final long maxClockSkewMillis;
    private final RiskModel riskModel;

    /**
     * @param timeouts whether the query has processing-time timeouts: a continuous job does, so
     *                 a zone gone quiet still resolves; an available-now run must not (Spark
     *                 would keep running no-data batches for them and never finish)
     */
    ZoneStep(RuleSet rules, CassandraEndpoint cassandra, boolean timeouts, java.time.Duration maxClockSkew, RiskModel riskModel) {
        this.rules = rules;
        this.riskModel = riskModel;
        this.cassandra = cassandra;
        this.timeouts = timeouts;
        this.maxClockSkewMillis = maxClockSkew.toMillis();
    }

    @Override
    public Iterator<ZoneEvent> call(String zone, Iterator<Row> rows, GroupState<ZoneClock> state) {
        ZoneClock clock = state.exists() ? state.get() : new ZoneClock();
        // The batch's time, not the wall clock: a replayed batch gets the same, so it computes the same state.
        long batchTime = state.getCurrentProcessingTimeMs();
        Iterator<ZoneBatch.Item> items = new Iterator<>() {
            @Override
            public boolean hasNext() { return rows.hasNext(); }

            @Override
            public ZoneBatch.Item next() { return item(rows.next()); }
        };
        ZoneBatch.Result result = new ZoneBatch(rules, java.time.Duration.ofMillis(maxClockSkewMillis))
                .apply(zone, clock, items, batchTime, new ZoneWatch(rules, cassandra.registry().zoneFacts(), riskModel), cassandra.silences());
        state.update(clock);
        // When a resolve or a cooldown falls due and no input comes, wake the zone then.
        if (timeouts) {
            long watermark = result.watermarkMillis();
            result.nextDeadline().ifPresent(d -> state.setTimeoutDuration(Math.max(1000, d.toEpochMilli() - watermark)));
        }
        return result.events().iterator();
    }

    /** A row of the detect query's shuffle, unpacked. */
    static ZoneBatch.Item item(Row r) {
        byte[] refused = r.getAs("dead_letter");
        byte[] features = r.getAs("features");
        return new ZoneBatch.Item(deserialize(r.getAs("payload")), r.getAs("src_topic"), r.<Integer>getAs("src_partition"),
                r.<Long>getAs("src_offset"), r.getAs("value"), r.getAs("kafka_time"),
                features == null ? null : (FrameFeatures) deserializeObject(features),
                refused == null ? null : (DeadLetter) deserializeObject(refused));
    }

    static ZoneInput deserialize(byte[] bytes) { return (ZoneInput) deserializeObject(bytes); }

    static Object deserializeObject(byte[] bytes) {
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes))) {
            return in.readObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
    }
}
