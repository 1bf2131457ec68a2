package io.safetywatcher.cameras.source;

import io.safetywatcher.cameras.RateCap;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.util.concurrent.TimeUnit;

/**
 * A camera that serves one JPEG a request: a GET each time the rate cap has a slot free, so it
 * asks no more often than the frames it may keep.
 */
public final class SnapshotSource implements FrameSource {
    private final HttpRequest request;
    private final RateCap cap;
    private final int maxFrameBytes;
    private volatile HttpURLConnection current;
    private volatile boolean closed;

    public SnapshotSource(HttpRequest request, RateCap cap, int maxFrameBytes) throws IOException {
        this.request = request;
        this.cap = cap;
        this.maxFrameBytes = maxFrameBytes;
    }

    @Override
    public byte[] next() throws IOException {
        long wait = cap.waitNanos(System.nanoTime());
        if (wait > 0) {
            try {
                TimeUnit.NANOSECONDS.sleep(wait);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted");
            }
        }
        if (closed) {
            throw new IOException("closed");
        }
        HttpURLConnection c = request.open();
        current = c;
        try (InputStream in = c.getInputStream()) {
            byte[] jpeg = in.readNBytes(maxFrameBytes + 1);
            if (jpeg.length > maxFrameBytes) {
                throw new IOException("a snapshot is larger than the limit of " + maxFrameBytes + " bytes");
            }
            return jpeg;
        } finally {
            c.disconnect();
            current = null;
        }
    }

    @Override
    public void close() {
        closed = true;
        HttpURLConnection c = current;
        if (c != null) {
            c.disconnect();
        }
    }
}
