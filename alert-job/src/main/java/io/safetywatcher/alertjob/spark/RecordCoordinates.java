package io.safetywatcher.alertjob.spark;

import java.io.Serializable;

/** Where a record sits in Kafka: how the detect query names a frame without carrying its JPEG. */
public record RecordCoordinates(String topic, int partition, long offset) implements Serializable {
    @Override
    public String toString() { return topic + "/" + partition + "/" + offset; }
}
