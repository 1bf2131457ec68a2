package io.safetywatcher.simulator.out;

import io.safetywatcher.simulator.world.RecordSink;
import io.safetywatcher.simulator.world.SimRecord;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Copies every truth record to a JSON-lines file (--truth FILE) on its way to the sink. */
public final class TruthFile implements RecordSink {
    private final RecordSink next;
    private final String truthTopic;
    private final OutputStream out;

    public TruthFile(RecordSink next, String truthTopic, Path file) {
        this.next = next;
        this.truthTopic = truthTopic;
        try {
            if (file.toAbsolutePath().getParent() != null) {
                Files.createDirectories(file.toAbsolutePath().getParent());
            }
            this.out = new BufferedOutputStream(Files.newOutputStream(file));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the truth file " + file, e);
        }
    }

    @Override
    public void accept(SimRecord r) {
        next.accept(r);
        if (r.topic().equals(truthTopic)) {
            try {
                out.write(r.value());
                out.write('\n');
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    @Override
    public void flush() {
        next.flush();
        try {
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        try {
            next.close();
        } finally {
            try {
                out.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
