package io.safetywatcher.simulator.out;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.safetywatcher.common.codec.Json;
import io.safetywatcher.simulator.world.RecordSink;
import io.safetywatcher.simulator.world.SimRecord;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * --out DIR: the same records as files. One {@code <topic>.jsonl} per topic, a line per record
 * ({"key", "timestamp", "value"} with the value as text, even when it is broken on purpose,
 * or for frames {"key", "timestamp", "headers", "file", "bytes"}), and each JPEG under
 * {@code frames/<camera>/<seq>.jpg}.
 */
public final class DirectorySink implements RecordSink {
    private final Path dir;
    private final String framesTopic;
    private final Map<String, OutputStream> files = new LinkedHashMap<>();
    private long frameNo;

    public DirectorySink(Path dir, String framesTopic) {
        this.dir = dir;
        this.framesTopic = framesTopic;
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create output directory " + dir, e);
        }
    }

    @Override
    public void accept(SimRecord r) {
        ObjectNode line = Json.object();
        line.put("key", r.key());
        line.put("timestamp", r.timestampMs());
        try {
            if (r.topic().equals(framesTopic)) {
                ObjectNode h = line.putObject("headers");
                r.headers().forEach((k, v) -> h.put(k, new String(v, StandardCharsets.UTF_8)));
                String name = "frames/" + r.key() + "/" + String.format("%08d", ++frameNo) + ".jpg";
                Path file = dir.resolve(name);
                Files.createDirectories(file.getParent());
                Files.write(file, r.value());
                line.put("file", name);
                line.put("bytes", r.value().length);
            } else {
                line.put("value", new String(r.value(), StandardCharsets.UTF_8));
            }
            OutputStream out = files.computeIfAbsent(r.topic(), t -> open(dir.resolve(t + ".jsonl")));
            out.write(Json.bytes(line));
            out.write('\n');
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static OutputStream open(Path p) {
        try {
            return new BufferedOutputStream(Files.newOutputStream(p), 1 << 16);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + p, e);
        }
    }

    @Override
    public void flush() {
        for (OutputStream o : files.values()) {
            try {
                o.flush();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    @Override
    public void close() {
        flush();
        for (OutputStream o : files.values()) {
            try {
                o.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
