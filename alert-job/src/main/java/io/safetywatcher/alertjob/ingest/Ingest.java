package io.safetywatcher.alertjob.ingest;

import io.safetywatcher.alertjob.detect.FrameFault;
import io.safetywatcher.common.codec.Decoded;
import io.safetywatcher.common.codec.FrameCodec;
import io.safetywatcher.common.codec.ObservationCodec;
import io.safetywatcher.common.codec.Reason;
import io.safetywatcher.common.codec.ReadingCodec;
import io.safetywatcher.common.codec.Rejection;
import io.safetywatcher.common.codec.TimeBounds;
import io.safetywatcher.common.config.Topics;
import io.safetywatcher.common.event.DeadLetter;
import io.safetywatcher.common.event.Frame;
import io.safetywatcher.common.event.FrameMeta;
import io.safetywatcher.common.event.Observation;
import io.safetywatcher.common.event.Reading;
import io.safetywatcher.store.registry.Device;
import io.safetywatcher.store.registry.Registry;

import java.io.Serializable;
import java.time.Clock;
import java.util.Optional;

/**
 * Decode, validate and enrich one source record: the first step of the job, pure logic.
 * Every record comes out as exactly one {@link Ingested}, whatever its bytes: nothing is dropped
 * silently, and nothing one record holds can throw out of here and fail a batch.
 */
public final class Ingest implements Serializable {
    private final Topics topics;
    private final TimeBounds bounds;
    private final InputLimits limits;

    public Ingest(Topics topics, TimeBounds bounds, InputLimits limits) {
        this.topics = topics;
        this.bounds = bounds;
        this.limits = limits;
    }

    public Ingested apply(SourceRecord r, Registry registry, Clock clock) {
        try {
            return decode(r, registry, clock);
        } catch (RuntimeException | StackOverflowError e) {
            // A fault nobody foresaw: the record is kept with the fault's class, and the job goes on.
            return quarantine(r, new Rejection(Reason.INTERNAL_ERROR, "handling the record failed: " + e.getClass().getName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage())), r.key(), clock);
        }
    }

    private Ingested decode(SourceRecord r, Registry registry, Clock clock) {
        Optional<Rejection> size = limits.check(r, r.topic().equals(topics.frames()));
        if (size.isPresent()) {
            return quarantine(r, size.get(), r.key(), clock);
        }
        if (r.topic().equals(topics.readings())) {
            Decoded<Reading> d = new ReadingCodec(bounds, clock).decode(r.value());
            if (!d.isOk()) {
                return quarantine(r, d.rejection(), r.key(), clock);
            }
            Reading reading = d.value();
            Optional<Rejection> wrong = checkDevice(r, reading.sensorId(), registry, "sensor");
            if (wrong.isPresent()) {
                return quarantine(r, wrong.get(), reading.sensorId(), clock);
            }
            Device device = registry.device(reading.sensorId()).orElseThrow();
            if (device.sensorType() != null && !device.sensorType().equals(reading.sensorType().id())) {
                return quarantine(r, new Rejection(Reason.SENSOR_TYPE_MISMATCH, "sensor " + reading.sensorId() + " is registered as "
                        + device.sensorType() + " but sent a " + reading.sensorType().id() + " reading"), reading.sensorId(), clock);
            }
            return new Ingested.ReadingIn(r, reading, device.zone());
        }
        if (r.topic().equals(topics.observations())) {
            Decoded<Observation> d = new ObservationCodec(bounds, clock).decode(r.value());
            if (!d.isOk()) {
                return quarantine(r, d.rejection(), r.key(), clock);
            }
            Observation o = d.value();
            Optional<Rejection> wrong = checkDevice(r, o.cameraId(), registry, "camera");
            if (wrong.isPresent()) {
                return quarantine(r, wrong.get(), o.cameraId(), clock);
            }
            return new Ingested.ObservationIn(r, o, registry.device(o.cameraId()).orElseThrow().zone());
        }
        if (r.topic().equals(topics.frames())) {
            Decoded<Frame> d = new FrameCodec(bounds, clock).decode(r.headers(), r.value());
            if (!d.isOk()) {
                return quarantine(r, d.rejection(), r.key(), clock);
            }
            Frame f = d.value();
            Optional<Rejection> wrong = checkDevice(r, f.meta().cameraId(), registry, "camera");
            if (wrong.isPresent()) {
                return quarantine(r, wrong.get(), f.meta().cameraId(), clock);
            }
            Device camera = registry.device(f.meta().cameraId()).orElseThrow();
            if (camera.width() != null && camera.height() != null && camera.width() > 0 && camera.height() > 0
                    && (camera.width() != f.meta().width() || camera.height() != f.meta().height())) {
                // A frame of another size would wreck the camera's background model.
                return quarantine(r, new Rejection(Reason.WRONG_SIZE, "the frame is " + f.meta().width() + "x" + f.meta().height()
                        + " but camera " + camera.id() + " is registered as " + camera.width() + "x" + camera.height()), camera.id(), clock);
            }
            return new Ingested.FrameIn(r, f.meta(), r.value().length, camera.zone());
        }
        return quarantine(r, new Rejection(Reason.INVALID_VALUE, "topic " + r.topic() + " is not one the job reads"), r.key(), clock);
    }

    /**
     * A registered camera's frame quarantined for its pixels (empty, not a JPEG, truncated,
     * corrupt, the wrong size): the camera's health counts it, though no detector may see it.
     */
    public Optional<FrameFault> frameFault(Ingested in, Registry registry, Clock clock) {
        if (!(in instanceof Ingested.Quarantined q) || !q.source().topic().equals(topics.frames())
                || !PIXEL_FAULTS.contains(q.deadLetter().reason())) {
            return Optional.empty();
        }
        try {
            Decoded<FrameMeta> m = new FrameCodec(bounds, clock).decodeMeta(q.source().headers());
            if (!m.isOk() || checkDevice(q.source(), m.value().cameraId(), registry, "camera").isPresent()) {
                return Optional.empty();
            }
            FrameMeta meta = m.value();
            return Optional.of(new FrameFault(meta.cameraId(), registry.device(meta.cameraId()).orElseThrow().zone(), meta.captureTime(),
                    meta.seq(), q.deadLetter().reason(), q.deadLetter().detail()));
        } catch (RuntimeException e) {
            // The record is quarantined already; a fault here must not fail the detect query's batch.
            return Optional.empty();
        }
    }

    private static final java.util.Set<String> PIXEL_FAULTS = java.util.Set.of(Reason.EMPTY_PAYLOAD.id(), Reason.NOT_JPEG.id(),
            Reason.TRUNCATED_JPEG.id(), Reason.CORRUPT_JPEG.id(), Reason.WRONG_SIZE.id());

    /** True when the record was refused only because its device is not in the registry. */
    public static boolean unknownDevice(Ingested i) {
        return i instanceof Ingested.Quarantined q && q.deadLetter().reason().equals(Reason.UNKNOWN_DEVICE.id());
    }

    /** The device must be registered, and the record's key must be that device (the partitioning contract). */
    private static Optional<Rejection> checkDevice(SourceRecord r, String deviceId, Registry registry, String kind) {
        if (registry.device(deviceId).isEmpty()) {
            return Optional.of(new Rejection(Reason.UNKNOWN_DEVICE, kind + " '" + deviceId + "' is not in the device registry"));
        }
        if (r.key() == null) {
            // Keyless records land on any partition, so the device's state would be split across executors.
            return Optional.of(new Rejection(Reason.MISSING_KEY, "the record has no key; it must be keyed by its " + kind + " id '" + deviceId + "'"));
        }
        if (!r.key().equals(deviceId)) {
            return Optional.of(new Rejection(Reason.KEY_MISMATCH, "record key '" + r.key() + "' is not the " + kind + " id '" + deviceId + "'"));
        }
        return Optional.empty();
    }

    private static Ingested quarantine(SourceRecord r, Rejection why, String device, Clock clock) {
        // The record's own Kafka timestamp, not now: a replayed batch must write the same row.
        DeadLetter d = DeadLetter.of(r.topic(), r.partition(), r.offset(), device, why.reason().id(), why.detail(), r.value(), r.timestamp());
        return new Ingested.Quarantined(r, d);
    }
}
