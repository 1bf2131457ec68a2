package io.safetywatcher.simulator.world;

/** Where records go: Kafka, files, or a list in a test. */
public interface RecordSink extends AutoCloseable {
    void accept(SimRecord r);

    /** Blocks until everything accepted so far is delivered. */
    void flush();

    @Override
    void close();
}
