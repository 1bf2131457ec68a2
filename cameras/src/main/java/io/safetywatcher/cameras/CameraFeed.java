package io.safetywatcher.cameras;

import io.safetywatcher.cameras.source.FrameSource;
import io.safetywatcher.common.codec.FrameCodec;
import io.safetywatcher.common.codec.Rejection;
import io.safetywatcher.common.event.FrameMeta;
import io.safetywatcher.store.registry.Device;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * One camera's loop, on a thread of its own: connect, read frames, keep those the rate cap
 * admits and that are sound JPEGs, produce them; on any failure (refused, ended, stalled, a bad
 * answer) wait as the back-off says and connect again, forever, until stopped. Each change of
 * state is one line; a camera that keeps failing stays "reconnecting" without a line per attempt.
 */
final class CameraFeed implements Runnable {
    /** What a camera is doing, as its log lines say it. */
    enum State { STARTING, STREAMING, RECONNECTING, STOPPED }

    /** Opens a connection to a camera; the source paces itself by the cap where it asks for each frame. */
    interface Opener {
        FrameSource open(Device camera, RateCap cap) throws java.io.IOException;
    }

    private final Device camera;
    private final double fps;
    private final GatewaySettings settings;
    private final Opener opener;
    private final FrameTopic out;
    private final AtomicLong seq;
    private final Consumer<String> log;
    private final RateCap cap;
    private final AtomicLong produced = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();
    private final AtomicLong reconnects = new AtomicLong();
    private volatile State state = State.STARTING;
    private volatile FrameSource current;
    private volatile boolean stopped;
    private volatile long lastFrameNanos = System.nanoTime();
    private long downSinceNanos;

    /** @param seq the camera's frame sequence, kept by the gateway across feeds of the same camera */
    CameraFeed(Device camera, GatewaySettings settings, Opener opener, FrameTopic out, AtomicLong seq, Consumer<String> log) {
        this.camera = camera;
        this.fps = camera.stream().maxFps() != null ? camera.stream().maxFps() : settings.maxFps();
        this.settings = settings;
        this.opener = opener;
        this.out = out;
        this.seq = seq;
        this.log = log;
        this.cap = new RateCap(fps);
    }

    @Override
    public void run() {
        say("starting: " + camera.stream().describe() + (camera.stream().maxFps() == null ? ", at most " + fps + " fps (cameras.max-fps)" : ""));
        int attempt = 0;
        while (!stopped) {
            try (FrameSource source = opener.open(camera, cap)) {
                current = source;
                if (stopped) {
                    break;
                }
                lastFrameNanos = System.nanoTime();
                while (!stopped) {
                    byte[] jpeg = source.next();
                    long now = System.nanoTime();
                    lastFrameNanos = now;
                    if (state != State.STREAMING) {
                        streaming(now);
                        attempt = 0;
                    }
                    if (cap.admit(now)) {
                        produce(jpeg);
                    }
                }
            } catch (Exception e) {
                if (stopped) {
                    break;
                }
                attempt++;
                Duration wait = settings.backoff().delay(attempt, ThreadLocalRandom.current().nextDouble());
                if (state != State.RECONNECTING) {
                    downSinceNanos = System.nanoTime();
                    reconnects.incrementAndGet();
                    state = State.RECONNECTING;
                    say("reconnecting (" + reason(e) + "); next attempt in " + millis(wait) + ", then backing off");
                }
                sleep(wait);
            } finally {
                current = null;
            }
        }
        state = State.STOPPED;
        say("stopped");
    }

    private void streaming(long now) {
        String after = state == State.RECONNECTING ? " again after " + millis(Duration.ofNanos(now - downSinceNanos)) + " down" : "";
        state = State.STREAMING;
        say("streaming" + after);
    }

    private void produce(byte[] jpeg) {
        int[] size = FrameCodec.sofSize(jpeg);
        Rejection problem = size == null ? null : FrameCodec.structureProblem(jpeg, size[0], size[1]);
        if (size == null || problem != null) {
            // The alert job would quarantine it; a camera sending garbage is said once per connection by the count.
            if (refused.incrementAndGet() == 1) {
                say("refused a frame that is not a sound JPEG (" + (size == null ? "no frame header" : problem.detail()) + "); counting the rest");
            }
            return;
        }
        out.send(new FrameMeta(camera.id(), Instant.now(), seq.getAndIncrement(), size[0], size[1]), jpeg);
        produced.incrementAndGet();
    }

    /** Ends a source that delivered nothing for the stall timeout (a camera that hangs without closing); called by the gateway's clock. */
    void checkStall(long nowNanos) {
        FrameSource s = current;
        // The timeout counts from when the next frame was due (a camera capped at 0.1 fps is quiet 10 s between frames),
        // and a connection not yet streaming has the connect timeout on top (an RTSP session's set-up and first frame).
        long allowed = settings.stallTimeout().toNanos() + (long) (1e9 / fps)
                + (state == State.STREAMING ? 0 : settings.connectTimeout().toNanos());
        if (s != null && nowNanos - lastFrameNanos > allowed) {
            lastFrameNanos = nowNanos; // once per stall
            s.close();
        }
    }

    void stop() {
        stopped = true;
        FrameSource s = current;
        if (s != null) {
            s.close();
        }
    }

    Device camera() { return camera; }

    State state() { return state; }

    /** The counts so far: produced, dropped by the cap, refused, times it went down. */
    Counts counts() { return new Counts(produced.get(), cap.dropped(), refused.get(), reconnects.get()); }

    record Counts(long produced, long dropped, long refused, long reconnects) {}

    private void sleep(Duration d) {
        try {
            TimeUnit.MILLISECONDS.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stopped = true;
        }
    }

    private static String reason(Exception e) {
        String m = e.getMessage();
        return e.getClass().getSimpleName().replace("Exception", "") + (m == null || m.isBlank() ? "" : ": " + m);
    }

    private static String millis(Duration d) { return String.format(java.util.Locale.ROOT, "%.1f s", d.toMillis() / 1000.0); }

    private void say(String what) {
        log.accept("camera " + camera.id() + ": " + what);
    }
}
