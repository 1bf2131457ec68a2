package io.safetywatcher.alertjob.ingest;

import java.io.Serializable;
import java.time.Instant;
import java.util.Map;

/**
 * One Kafka record as the job received it: its coordinates (which make quarantine rows and
 * raw rows replay-safe), key, value and headers.
 */
public record SourceRecord(String topic, int partition, long offset, Instant timestamp, String key, byte[] value,
                           Map<String, byte[]> headers) implements Serializable {

    public String coordinates() { return topic + "/" + partition + "/" + offset; }
}
