package io.safetywatcher.cameras.source;

import io.safetywatcher.cameras.Credentials;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * An RTSP camera, read by an {@code ffmpeg} child process that decodes whatever the camera sends
 * (H.264, MJPEG, ...), keeps at most {@code fps} frames a second and writes them as JPEGs in a
 * multipart stream ({@code -f mpjpeg}) on its standard output. RTSP over TCP: no UDP ports to
 * open, and nothing lost to a dropped datagram. The credentials must be in the URL ffmpeg opens
 * (RTSP has no other way), so the URL is not on ffmpeg's command line, which any user of the host
 * can read ({@code ps}): it is in a concat list ({@code -f concat}, one live entry) in a file only
 * this user can read, deleted once ffmpeg has opened the stream (its first frame) or the source
 * closes, whichever comes first. ffmpeg's error output is scrubbed of the
 * credentials before it is reported.
 */
public final class RtspSource implements FrameSource {
    /** The boundary ffmpeg's mpjpeg muxer writes. */
    static final String BOUNDARY = "ffmpeg";
    private final Process process;
    private final MultipartStream parts;
    private final Credentials credentials;
    private final StringBuilder errors = new StringBuilder();
    private final Path list;

    public RtspSource(String ffmpeg, URI url, Credentials credentials, double fps, int quality, Duration stallTimeout, int maxFrameBytes)
            throws IOException {
        this.credentials = credentials;
        this.list = Files.createTempFile("watcher-rtsp-", ".ffconcat",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try {
            Files.writeString(list, concatList(withCredentials(url, credentials), stallTimeout));
            this.process = new ProcessBuilder(command(ffmpeg, list.toString(), fps, quality)).start();
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(list);
            throw e;
        }
        process.getOutputStream().close();
        Thread drain = new Thread(this::drainErrors, "ffmpeg-stderr");
        drain.setDaemon(true);
        drain.start();
        this.parts = new MultipartStream(process.getInputStream(), BOUNDARY, maxFrameBytes);
    }

    /** The child's command line (pure, for the test): no URL in it, only the list's path. */
    static List<String> command(String ffmpeg, String listPath, double fps, int quality) {
        return List.of(ffmpeg, "-nostdin", "-hide_banner", "-loglevel", "error",
                "-f", "concat", "-safe", "0", "-protocol_whitelist", "file,rtsp,rtsps,rtp,srtp,tcp,udp,tls", "-i", listPath, "-an",
                "-vf", "fps=" + String.format(Locale.ROOT, "%.3f", fps), "-c:v", "mjpeg", "-q:v", Integer.toString(quality),
                "-f", "mpjpeg", "pipe:1");
    }

    /**
     * The concat list: the one URL, and the options its RTSP demuxer opens it with (TCP; the
     * socket's I/O timeout in microseconds, so a camera that goes quiet ends ffmpeg).
     */
    static String concatList(String url, Duration stallTimeout) {
        return "ffconcat version 1.0\nfile '" + url.replace("'", "'\\''") + "'\noption rtsp_transport tcp\noption timeout "
                + stallTimeout.toNanos() / 1000 + "\n";
    }

    /** The URL with the user and password in it (the registry's URL never has them: Device.Stream refuses that). */
    static String withCredentials(URI url, Credentials credentials) {
        if (credentials == null) {
            return url.toString();
        }
        return url.getScheme() + "://" + enc(credentials.user()) + ":" + enc(credentials.password()) + "@" + url.getRawAuthority()
                + (url.getRawPath() == null ? "" : url.getRawPath()) + (url.getRawQuery() == null ? "" : "?" + url.getRawQuery());
    }

    private static String enc(String s) { return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20"); }

    @Override
    public byte[] next() throws IOException {
        byte[] part;
        try {
            part = parts.next();
        } catch (IOException e) {
            throw new IOException(ended(e.getMessage()));
        }
        if (part == null) {
            throw new EOFException(ended("the stream ended"));
        }
        forgetList(); // ffmpeg read it when it opened the stream
        return part;
    }

    private void forgetList() {
        try {
            Files.deleteIfExists(list);
        } catch (IOException e) {
            // the temporary directory is cleaned by the host; the file was readable by this user only
        }
    }

    /** Why ffmpeg stopped: its exit status and last error line, without credentials. */
    private String ended(String what) {
        try {
            process.waitFor(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        String last;
        synchronized (errors) {
            String[] lines = errors.toString().strip().split("\n");
            last = lines[lines.length - 1].strip();
        }
        String status = process.isAlive() ? "ffmpeg still running" : "ffmpeg exited with status " + process.exitValue();
        String text = what + " (" + status + (last.isEmpty() ? "" : ": " + last) + ")";
        return credentials == null ? text : credentials.scrub(text);
    }

    private void drainErrors() {
        try (InputStream err = process.getErrorStream()) {
            byte[] buf = new byte[4096];
            for (int n = err.read(buf); n >= 0; n = err.read(buf)) {
                synchronized (errors) {
                    errors.append(new String(buf, 0, n, StandardCharsets.UTF_8));
                    if (errors.length() > 4096) { // only the last lines matter
                        errors.delete(0, errors.length() - 4096);
                    }
                }
            }
        } catch (IOException ignored) {
            // the process is gone: what it said is already kept
        }
    }

    @Override
    public void close() {
        forgetList();
        process.destroy();
        try {
            if (!process.waitFor(3, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
