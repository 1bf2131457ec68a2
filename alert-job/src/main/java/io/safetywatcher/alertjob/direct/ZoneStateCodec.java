package io.safetywatcher.alertjob.direct;

import io.safetywatcher.alertjob.spark.ZoneClock;
import io.safetywatcher.alertjob.spark.ZoneEvent;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * The direct engine's records on its state topic, each with a format header ({@code SW} and a
 * version byte) so that a later release can tell an old record from its own and read both: a
 * zone's {@link ZoneClock} (Java serialization; every class of it declares its
 * serialVersionUID, see ZoneStateCompatibilityTest), and the events of the last transaction,
 * whose rows may not have been written when the job stopped.
 */
public final class ZoneStateCodec {
    private static final byte[] MAGIC = {'S', 'W'};
    /** Version 1: Java serialization of the state classes of release 2026-12-05. */
    static final byte VERSION = 1;

    private ZoneStateCodec() {}

    public static byte[] zone(ZoneClock clock) { return encode(clock); }

    public static ZoneClock zone(byte[] bytes) { return (ZoneClock) decode(bytes); }

    public static byte[] events(List<ZoneEvent> events) { return encode(new java.util.ArrayList<>(events)); }

    /**
     * The events in as few records as keep each within {@code maxBytes} (halving until they
     * fit; at least one record, empty for no events); read each back with {@link #events(byte[])}.
     */
    public static List<byte[]> eventChunks(List<ZoneEvent> events, int maxBytes) {
        byte[] whole = events(events);
        if (whole.length <= maxBytes || events.size() <= 1) {
            return List.of(whole);
        }
        List<byte[]> out = new java.util.ArrayList<>(eventChunks(events.subList(0, events.size() / 2), maxBytes));
        out.addAll(eventChunks(events.subList(events.size() / 2, events.size()), maxBytes));
        return out;
    }

    @SuppressWarnings("unchecked")
    public static List<ZoneEvent> events(byte[] bytes) { return (List<ZoneEvent>) decode(bytes); }

    private static byte[] encode(Object o) {
        try (ByteArrayOutputStream bytes = new ByteArrayOutputStream()) {
            bytes.write(MAGIC);
            bytes.write(VERSION);
            try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
                out.writeObject(o);
            }
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Object decode(byte[] bytes) {
        if (bytes.length < 3 || bytes[0] != MAGIC[0] || bytes[1] != MAGIC[1]) {
            throw new IllegalArgumentException("not a state record of the direct engine (no SW header)");
        }
        if (bytes[2] != VERSION) {
            throw new IllegalArgumentException("state record of format version " + bytes[2] + "; this release reads version " + VERSION);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes, 3, bytes.length - 3))) {
            return in.readObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (ClassNotFoundException e) {
            throw new IllegalArgumentException("state record names a class this release does not have: " + e.getMessage(), e);
        }
    }
}
