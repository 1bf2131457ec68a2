package io.safetywatcher.alertjob.spark;

import io.safetywatcher.alertjob.detect.FrameFault;
import io.safetywatcher.alertjob.detect.ZoneInput;
import io.safetywatcher.alertjob.lifecycle.LifecycleOutput;
import io.safetywatcher.alertjob.lifecycle.ZoneWatch;
import io.safetywatcher.alertjob.rules.RuleSet;
import io.safetywatcher.alertjob.rules.ZoneFacts;
import io.safetywatcher.alertjob.vision.FrameFeatures;
import io.safetywatcher.common.event.Alert;
import io.safetywatcher.common.event.AlertState;
import io.safetywatcher.common.codec.Reason;
import io.safetywatcher.common.event.DeadLetter;
import org.apache.spark.api.java.function.FlatMapGroupsWithStateFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.streaming.GroupState;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import io.safetywatcher.alertjob.detect.RiskModel;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Spark's side of one zone: unpack its inputs, set aside (as late) those behind the zone's
 * clock, hand the rest to the {@link ZoneWatch} with the zone's state, keep the state, and set
 * the timeout at which the lifecycle next needs time to pass (a resolve or a cooldown).
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
        long lateness = rules.allowedLateness().toMillis();
        // The batch's time, not the wall clock: a replayed batch gets the same, so it computes the same state.
        long batchTime = state.getCurrentProcessingTimeMs();
        List<ZoneInput> inputs = new ArrayList<>();
        List<ZoneEvent> out = new ArrayList<>();
        Map<String, Long> newestBySource = new HashMap<>();
        Map<String, List<EvidenceChoice.Frame>> framesByCamera = new HashMap<>();
        int seen = 0;
        while (rows.hasNext()) {
            Row r = rows.next();
            seen++;
            byte[] refused = r.getAs("dead_letter");
            if (refused != null) {
                out.add(ZoneEvent.quarantine((DeadLetter) deserializeObject(refused)));
            }
            ZoneInput in = deserialize(r.getAs("payload"));
            byte[] features = r.getAs("features");
            if (features != null) {
                FrameFeatures ff = (FrameFeatures) deserializeObject(features);
                out.add(ZoneEvent.of(new FrameRow(in.deviceId(), in.time(), in.seq(), ff.peopleCount(), ff.motionEnergy(),
                        ff.blobs().size(), ff.boxesJson())));
                framesByCamera.computeIfAbsent(in.deviceId(), k -> new ArrayList<>()).add(new EvidenceChoice.Frame(ff, source(r)));
            }
            long t = in.time().toEpochMilli();
            ZoneClock.Admission admission = clock.admit(t, batchTime, maxClockSkewMillis);
            if (admission != ZoneClock.Admission.APPLY && in instanceof FrameFault) {
                continue; // already quarantined for its fault
            }
            switch (admission) {
                case APPLY -> {
                    inputs.add(in);
                    newestBySource.merge(r.<String>getAs("src_topic") + "/" + r.<Integer>getAs("src_partition"), t, Math::max);
                }
                case LATE -> out.add(setAside(r, in, Reason.LATE, "event time " + in.time() + " is behind zone " + zone + "'s watermark "
                        + Instant.ofEpochMilli(clock.watermarkMillis) + " (allowed lateness " + rules.allowedLateness().toSeconds()
                        + " s exceeded): stored raw, not applied to detection"));
                case AHEAD -> out.add(setAside(r, in, Reason.CLOCK_AHEAD, "device " + in.deviceId() + "'s clock is "
                        + (t - batchTime) / 1000.0 + " s ahead of the job's (allowed skew " + maxClockSkewMillis / 1000.0
                        + " s, validation.max-clock-skew): stored raw, not applied to detection, and zone " + zone + "'s clock not moved"));
            }
        }
        long watermark = !inputs.isEmpty() ? clock.advanceTo(newestBySource, lateness, batchTime)
                : seen == 0 ? clock.advanceQuiet(lateness, batchTime) : clock.watermarkMillis;
        ZoneWatch watch = new ZoneWatch(rules, cassandra.registry().zoneFacts(), riskModel);
        LifecycleOutput result = watch.process(clock.watch, inputs, cassandra.silences(),
                watermark == Long.MIN_VALUE ? null : Instant.ofEpochMilli(watermark));
        for (Alert a : result.alerts()) {
            out.add(ZoneEvent.of(a.state() == AlertState.FIRING ? EvidenceChoice.withEvidence(a, framesByCamera, out) : a));
        }
        result.suppressions().forEach(s -> out.add(ZoneEvent.of(s)));
        state.update(clock);
        // When a resolve or a cooldown falls due and no input comes, wake the zone then.
        if (timeouts) {
            watch.nextDeadline(clock.watch).ifPresent(d -> state.setTimeoutDuration(Math.max(1000, d.toEpochMilli() - watermark)));
        }
        return out.iterator();
    }

    /**
     * An input kept raw by the ingest query but not applied to detection, quarantined with its
     * reason. A frame's row has no JPEG (its value is null): the sink reads it back by its coordinates.
     */
    private static ZoneEvent setAside(Row r, ZoneInput in, Reason reason, String detail) {
        return ZoneEvent.quarantine(DeadLetter.of(r.getAs("src_topic"), r.<Integer>getAs("src_partition"), r.<Long>getAs("src_offset"),
                in.deviceId(), reason.id(), detail, r.getAs("value"), r.getAs("kafka_time")));
    }

    private static RecordCoordinates source(Row r) {
        return new RecordCoordinates(r.getAs("src_topic"), r.<Integer>getAs("src_partition"), r.<Long>getAs("src_offset"));
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
