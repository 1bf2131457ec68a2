package io.safetywatcher.cameras;

import io.safetywatcher.cameras.source.FrameSource;
import io.safetywatcher.cameras.source.HttpMjpegSource;
import io.safetywatcher.cameras.source.HttpRequest;
import io.safetywatcher.cameras.source.RtspSource;
import io.safetywatcher.cameras.source.SnapshotSource;
import io.safetywatcher.store.registry.Device;

import java.io.IOException;
import java.net.URI;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The camera gateway: a {@link CameraFeed} for every registered camera that has a usable stream,
 * kept in step with the registry (read again every {@code cameras.registry-refresh}: a camera
 * added starts, one removed or without a stream stops, one whose stream changed starts again),
 * a clock that ends stalled connections, and a line of counts now and then.
 */
public final class Gateway implements AutoCloseable {
    private final GatewaySettings settings;
    private final Supplier<List<Device>> registry;
    private final FrameTopic out;
    private final Consumer<String> log;
    private final Function<String, String> env;
    private final Map<String, Running> running = new ConcurrentHashMap<>();
    /** A camera's frame sequence outlives its feeds, so a reconnected camera does not repeat numbers. */
    private final Map<String, AtomicLong> sequences = new ConcurrentHashMap<>();
    /** Cameras whose stream cannot be used, by the stream said so for: a line once, not at every refresh. */
    private final Map<String, Device.Stream> unusable = new HashMap<>();
    private final ScheduledExecutorService clock = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "cameras-clock");
        t.setDaemon(true);
        return t;
    });
    private final long startNanos = System.nanoTime();

    private record Running(CameraFeed feed, Thread thread) {}

    /** @param env where {@code env:NAME} credentials are looked up (System::getenv) */
    public Gateway(GatewaySettings settings, Supplier<List<Device>> registry, FrameTopic out, Consumer<String> log,
                   Function<String, String> env) {
        this.settings = settings;
        this.registry = registry;
        this.out = out;
        this.log = log;
        this.env = env;
    }

    public Gateway start() {
        refresh();
        clock.scheduleWithFixedDelay(this::refreshQuietly, settings.registryRefresh().toMillis(), settings.registryRefresh().toMillis(),
                TimeUnit.MILLISECONDS);
        clock.scheduleWithFixedDelay(() -> running.values().forEach(r -> r.feed().checkStall(System.nanoTime())), 1, 1, TimeUnit.SECONDS);
        if (!settings.reportEvery().isZero()) {
            long every = settings.reportEvery().toMillis();
            clock.scheduleWithFixedDelay(() -> log.accept(report()), every, every, TimeUnit.MILLISECONDS);
        }
        return this;
    }

    private void refreshQuietly() {
        try {
            refresh();
        } catch (RuntimeException e) {
            log.accept("registry: could not be read (" + e.getMessage() + "); keeping the " + running.size() + " cameras running");
        }
    }

    /** Brings the running feeds in line with the registry's cameras. */
    synchronized void refresh() {
        Map<String, Device> wanted = new LinkedHashMap<>();
        for (Device d : registry.get()) {
            if (!d.camera() || d.stream() == null) {
                continue;
            }
            String problem = d.stream().problem();
            if (problem != null) {
                if (!d.stream().equals(unusable.put(d.id(), d.stream()))) {
                    log.accept("camera " + d.id() + ": not started: " + problem);
                }
                continue;
            }
            unusable.remove(d.id());
            wanted.put(d.id(), d);
        }
        for (var it = running.entrySet().iterator(); it.hasNext(); ) {
            var e = it.next();
            Device now = wanted.get(e.getKey());
            if (now == null || !Objects.equals(now.stream(), e.getValue().feed().camera().stream())) {
                if (now == null) {
                    log.accept("camera " + e.getKey() + ": no longer in the registry with a stream");
                } else {
                    log.accept("camera " + e.getKey() + ": its stream changed in the registry");
                }
                stop(e.getValue());
                it.remove();
            }
        }
        for (Device d : wanted.values()) {
            running.computeIfAbsent(d.id(), id -> {
                CameraFeed feed = new CameraFeed(d, settings, this::open, out, sequences.computeIfAbsent(id, x -> new AtomicLong()), log);
                Thread t = new Thread(feed, "camera-" + id);
                t.setDaemon(true);
                t.start();
                return new Running(feed, t);
            });
        }
    }

    /** A connection to the camera's stream, with its credentials read now (a changed secret is used at the next reconnect). */
    private FrameSource open(Device camera, RateCap cap) throws IOException {
        Device.Stream s = camera.stream();
        Credentials credentials = s.credentials() == null ? null : Credentials.resolve(s.credentials(), env);
        URI url = URI.create(s.url());
        double fps = s.maxFps() != null ? s.maxFps() : settings.maxFps();
        return switch (s.kind()) {
            case Device.Stream.MJPEG -> new HttpMjpegSource(request(url, credentials), settings.maxFrameBytes());
            case Device.Stream.SNAPSHOT -> new SnapshotSource(request(url, credentials), cap, settings.maxFrameBytes());
            case Device.Stream.RTSP -> new RtspSource(settings.ffmpeg(), url, credentials, fps, settings.ffmpegQuality(),
                    settings.stallTimeout(), settings.maxFrameBytes());
            default -> throw new IOException("unknown stream kind " + s.kind());
        };
    }

    private HttpRequest request(URI url, Credentials credentials) {
        return new HttpRequest(url, credentials, settings.connectTimeout(), settings.stallTimeout());
    }

    /** What the gateway has done so far, all cameras together and by camera. */
    public Stats stats() {
        Map<String, CameraStats> by = new LinkedHashMap<>();
        running.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> {
            CameraFeed.Counts c = e.getValue().feed().counts();
            by.put(e.getKey(), new CameraStats(e.getValue().feed().state().name().toLowerCase(java.util.Locale.ROOT), c.produced(),
                    c.dropped(), c.refused(), c.reconnects()));
        });
        return new Stats(by, out.acked(), out.failed(), (System.nanoTime() - startNanos) / 1e9);
    }

    /** @param state starting, streaming, reconnecting or stopped */
    public record CameraStats(String state, long produced, long dropped, long refused, long reconnects) {}

    /** @param acked frames the topic acknowledged; {@code failed} those it did not take */
    public record Stats(Map<String, CameraStats> cameras, long acked, long failed, double seconds) {
        public long produced() { return cameras.values().stream().mapToLong(CameraStats::produced).sum(); }

        public long dropped() { return cameras.values().stream().mapToLong(CameraStats::dropped).sum(); }

        public long refused() { return cameras.values().stream().mapToLong(CameraStats::refused).sum(); }

        public long streaming() { return cameras.values().stream().filter(c -> c.state().equals("streaming")).count(); }
    }

    String report() {
        Stats s = stats();
        String failure = out.lastFailure();
        return String.format(java.util.Locale.ROOT, "cameras: %d of %d streaming; frames produced %d (%.1f/s), acknowledged %d, failed %d%s, "
                        + "dropped by the rate cap %d, refused %d", s.streaming(), s.cameras().size(), s.produced(),
                s.produced() / Math.max(1e-9, s.seconds()), s.acked(), s.failed(), failure == null ? "" : " (" + failure + ")", s.dropped(),
                s.refused());
    }

    private void stop(Running r) {
        r.feed().stop();
        r.thread().interrupt();
        try {
            r.thread().join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        clock.shutdownNow();
        String last;
        synchronized (this) {
            running.values().forEach(r -> r.feed().stop());
            running.values().forEach(this::stop);
            out.close(); // flushes, so the counts below include every acknowledgement
            last = report();
            running.clear();
        }
        log.accept(last);
    }
}
