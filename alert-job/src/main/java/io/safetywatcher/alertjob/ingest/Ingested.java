package io.safetywatcher.alertjob.ingest;

import io.safetywatcher.common.event.DeadLetter;
import io.safetywatcher.common.event.FrameMeta;
import io.safetywatcher.common.event.Observation;
import io.safetywatcher.common.event.Reading;

import java.io.Serializable;

/** What one source record became: a raw event to keep (with its zone), or a dead letter. */
public sealed interface Ingested extends Serializable {

    SourceRecord source();

    record ReadingIn(SourceRecord source, Reading reading, String zone) implements Ingested {}

    record ObservationIn(SourceRecord source, Observation observation, String zone) implements Ingested {}

    record FrameIn(SourceRecord source, FrameMeta meta, int jpegBytes, String zone) implements Ingested {}

    record Quarantined(SourceRecord source, DeadLetter deadLetter) implements Ingested {}
}
