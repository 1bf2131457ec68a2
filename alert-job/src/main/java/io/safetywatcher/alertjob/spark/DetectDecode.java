package io.safetywatcher.alertjob.spark;

import io.safetywatcher.alertjob.ingest.DetectInput;
import io.safetywatcher.alertjob.ingest.Ingest;
import io.safetywatcher.alertjob.ingest.Ingested;
import io.safetywatcher.alertjob.ingest.SourceRecord;
import io.safetywatcher.alertjob.vision.CameraModels;
import io.safetywatcher.alertjob.vision.VisionSettings;
import io.safetywatcher.store.registry.Registry;

import java.time.Clock;

/**
 * A record read for detection, decoded and enriched against the registry (read again, at most
 * every 2 s, when a device is unknown: perhaps registered a moment ago), a frame through its
 * camera's model: what the detect query's tasks and the direct engine's loop both do to a record.
 */
public final class DetectDecode {
    private final Ingest ingest;
    private final CassandraEndpoint cassandra;
    private final VisionSettings vision;
    private Registry registry;

    public DetectDecode(Ingest ingest, CassandraEndpoint cassandra, VisionSettings vision) {
        this.ingest = ingest;
        this.cassandra = cassandra;
        this.vision = vision;
        this.registry = cassandra.registry().get();
    }

    /** The registry as of the last record, refreshed every {@code cassandra} refresh period. */
    public void refresh() { registry = cassandra.registry().get(); }

    /** The record's input, or null when it has none (invalid, or a frame while its camera warms up). */
    public DetectInput.Item apply(SourceRecord source) {
        Ingested in = ingest.apply(source, registry, Clock.systemUTC());
        if (Ingest.unknownDevice(in)) {
            registry = cassandra.registry().reloaded(IngestBatch.REGISTRY_MIN_AGE);
            in = ingest.apply(source, registry, Clock.systemUTC());
        }
        return DetectInput.of(ingest, in, registry, Clock.systemUTC(), vision,
                (cam, view, jpeg, time, seq) -> CameraModels.analyze(cam.id(), view, vision, jpeg, time, seq));
    }
}
