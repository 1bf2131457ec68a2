package io.safetywatcher.alertjob.spark;

import io.safetywatcher.alertjob.detect.FrameFault;
import io.safetywatcher.alertjob.detect.ZoneInput;
import io.safetywatcher.alertjob.lifecycle.LifecycleOutput;
import io.safetywatcher.alertjob.lifecycle.Silence;
import io.safetywatcher.alertjob.lifecycle.ZoneWatch;
import io.safetywatcher.alertjob.rules.RuleSet;
import io.safetywatcher.alertjob.vision.FrameFeatures;
import io.safetywatcher.common.codec.Reason;
import io.safetywatcher.common.event.Alert;
import io.safetywatcher.common.event.AlertState;
import io.safetywatcher.common.event.DeadLetter;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One zone's share of one batch, in plain Java: set aside (as late, or from a clock that is
 * ahead) the inputs its {@link ZoneClock} cannot take, apply the rest with the zone's
 * {@link ZoneWatch}, move the clock, and say what to publish and store. The Spark detect query
 * ({@link ZoneStep}) and the direct detect loop both run it, so they judge alike.
 */
public final class ZoneBatch {
    private final RuleSet rules;
    private final long maxClockSkewMillis;

    public ZoneBatch(RuleSet rules, java.time.Duration maxClockSkew) {
        this.rules = rules;
        this.maxClockSkewMillis = maxClockSkew.toMillis();
    }

    /**
     * One input of the batch with where it came from.
     *
     * @param value     a reading's or an observation's Kafka value, for its quarantine row if it is set
     *                  aside; null for a frame (its JPEG is fetched by its coordinates when needed)
     * @param features  a frame's features, or null
     * @param refused   a frame the extractor refused (its dead letter, without the JPEG), or null
     */
    public record Item(ZoneInput input, String topic, int partition, long offset, byte[] value, Instant kafkaTime,
                       FrameFeatures features, DeadLetter refused) {
        RecordCoordinates source() { return new RecordCoordinates(topic, partition, offset); }
    }

    /** What the batch gave: the events, and when the zone next needs time to pass with no input (if ever). */
    public record Result(List<ZoneEvent> events, long watermarkMillis, Optional<Instant> nextDeadline) {}

    /**
     * @param batchTime the batch's time (never the wall clock at the moment of the call): a
     *                  replayed batch gets the same, so it computes the same state
     */
    public Result apply(String zone, ZoneClock clock, Iterator<Item> items, long batchTime, ZoneWatch watch, List<Silence> silences) {
        return apply(zone, clock, items, batchTime, watch, silences, Long.MAX_VALUE, true);
    }

    /**
     * @param unreadFloor the oldest event time input not yet read may still bring
     *                    ({@link ZoneClock#advanceTo(Map, long, long, long)}); Long.MAX_VALUE when
     *                    every source is in the batch (Spark's batches hold every partition)
     * @param quiet       with no input, let the zone's event time pass as wall time has (a zone woken
     *                    because it went quiet); false for a zone run only because the floor rose
     */
    public Result apply(String zone, ZoneClock clock, Iterator<Item> items, long batchTime, ZoneWatch watch, List<Silence> silences,
                        long unreadFloor, boolean quiet) {
        long lateness = rules.allowedLateness().toMillis();
        List<ZoneInput> inputs = new ArrayList<>();
        List<ZoneEvent> out = new ArrayList<>();
        Map<String, Long> newestBySource = new HashMap<>();
        Map<String, List<EvidenceChoice.Frame>> framesByCamera = new HashMap<>();
        int seen = 0;
        while (items.hasNext()) {
            Item r = items.next();
            seen++;
            if (r.refused() != null) {
                out.add(ZoneEvent.quarantine(r.refused()));
            }
            ZoneInput in = r.input();
            FrameFeatures ff = r.features();
            if (ff != null) {
                out.add(ZoneEvent.of(new FrameRow(in.deviceId(), in.time(), in.seq(), ff.peopleCount(), ff.motionEnergy(),
                        ff.blobs().size(), ff.boxesJson())));
                framesByCamera.computeIfAbsent(in.deviceId(), k -> new ArrayList<>()).add(new EvidenceChoice.Frame(ff, r.source()));
            }
            long t = in.time().toEpochMilli();
            ZoneClock.Admission admission = clock.admit(t, batchTime, maxClockSkewMillis);
            if (admission != ZoneClock.Admission.APPLY && in instanceof FrameFault) {
                continue; // already quarantined for its fault
            }
            switch (admission) {
                case APPLY -> {
                    inputs.add(in);
                    newestBySource.merge(r.topic() + "/" + r.partition(), t, Math::max);
                }
                case LATE -> out.add(setAside(r, Reason.LATE, "event time " + in.time() + " is behind zone " + zone + "'s watermark "
                        + Instant.ofEpochMilli(clock.watermarkMillis) + " (allowed lateness " + rules.allowedLateness().toSeconds()
                        + " s exceeded): stored raw, not applied to detection"));
                case AHEAD -> out.add(setAside(r, Reason.CLOCK_AHEAD, "device " + in.deviceId() + "'s clock is "
                        + (t - batchTime) / 1000.0 + " s ahead of the job's (allowed skew " + maxClockSkewMillis / 1000.0
                        + " s, validation.max-clock-skew): stored raw, not applied to detection, and zone " + zone + "'s clock not moved"));
            }
        }
        long watermark = !inputs.isEmpty() ? clock.advanceTo(newestBySource, lateness, batchTime, unreadFloor)
                : seen == 0 && quiet ? clock.advanceQuiet(lateness, batchTime, unreadFloor) : clock.release(lateness, unreadFloor);
        // Inputs still unread may be as old as the floor: no device is silent on the strength of a later time.
        LifecycleOutput result = watch.process(clock.watch, inputs, silences, watermark == Long.MIN_VALUE ? null : Instant.ofEpochMilli(watermark),
                ZoneClock.settledBy(unreadFloor, lateness));
        for (Alert a : result.alerts()) {
            out.add(ZoneEvent.of(a.state() == AlertState.FIRING ? EvidenceChoice.withEvidence(a, framesByCamera, out) : a));
        }
        result.suppressions().forEach(s -> out.add(ZoneEvent.of(s)));
        return new Result(out, watermark, watch.nextDeadline(clock.watch));
    }

    /**
     * An input kept raw by the ingest query but not applied to detection, quarantined with its
     * reason. A frame's item has no JPEG (its value is null): the sink reads it back by its coordinates.
     */
    private static ZoneEvent setAside(Item r, Reason reason, String detail) {
        return ZoneEvent.quarantine(DeadLetter.of(r.topic(), r.partition(), r.offset(), r.input().deviceId(), reason.id(), detail, r.value(),
                r.kafkaTime()));
    }
}
