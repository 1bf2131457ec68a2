package io.safetywatcher.cameras.bench;

import com.sun.net.httpserver.HttpServer;
import io.safetywatcher.cameras.source.MultipartStream;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Real cameras on this machine, for the gateway's test and bench: the fixture clip's frames served
 * by the JDK's HTTP server as MJPEG (10 fps, {@code /mjpeg}) and as snapshots behind HTTP Basic
 * credentials ({@code /snapshot}), and GStreamer's RTSP server playing the clip
 * ({@code rtsp-camera.py}). The clip is read where it lies, never copied.
 */
public final class LocalCameras {
    public static final String USER = "viewer";

    private LocalCameras() {}

    /** The fixture clip: beside the repository ({@code ../shared/fixtures}) or at /work/shared/fixtures. */
    public static Path clip() {
        Path home = Path.of(System.getProperty("watcher.home", "."));
        for (Path p : List.of(home.resolve("../shared/fixtures/pedestrians-480x360-mjpeg.avi").normalize(),
                Path.of("/work/shared/fixtures/pedestrians-480x360-mjpeg.avi"))) {
            if (Files.isReadable(p)) {
                return p;
            }
        }
        throw new IllegalStateException("the fixture clip pedestrians-480x360-mjpeg.avi is not in ../shared/fixtures: the cameras stream it");
    }

    /** The clip's first {@code n} frames as JPEGs, through ffmpeg (re-encoded: an AVI's MJPEG may lack its Huffman tables). */
    public static List<byte[]> frames(int n) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("ffmpeg", "-nostdin", "-loglevel", "error", "-i", clip().toString(), "-frames:v", Integer.toString(n),
                "-c:v", "mjpeg", "-q:v", "5", "-f", "mpjpeg", "pipe:1").redirectError(ProcessBuilder.Redirect.DISCARD).start();
        MultipartStream parts = new MultipartStream(p.getInputStream(), "ffmpeg", 1 << 22);
        List<byte[]> out = new ArrayList<>();
        for (byte[] f = parts.next(); f != null; f = parts.next()) {
            out.add(f);
        }
        if (!p.waitFor(30, TimeUnit.SECONDS) || out.size() != n) {
            throw new IOException("ffmpeg gave " + out.size() + " of " + n + " frames of " + clip());
        }
        return out;
    }

    /** An HTTP camera server on {@code port}: /mjpeg at 10 fps, /snapshot wanting viewer:{@code password}. */
    public static HttpServer http(int port, List<byte[]> clip, String password) throws IOException {
        HttpServer s = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        AtomicInteger next = new AtomicInteger();
        s.createContext("/mjpeg", ex -> {
            ex.getResponseHeaders().add("Content-Type", "multipart/x-mixed-replace; boundary=frame");
            ex.sendResponseHeaders(200, 0);
            try (OutputStream o = ex.getResponseBody()) {
                for (int i = 0; ; i++) {
                    byte[] f = clip.get(i % clip.size());
                    o.write(("--frame\r\nContent-Type: image/jpeg\r\nContent-Length: " + f.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                    o.write(f);
                    o.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                    o.flush();
                    Thread.sleep(100);
                }
            } catch (IOException | InterruptedException e) {
                // the client went away or the server stopped
            }
        });
        String expected = "Basic " + Base64.getEncoder().encodeToString((USER + ":" + password).getBytes(StandardCharsets.UTF_8));
        s.createContext("/snapshot", ex -> {
            if (!expected.equals(ex.getRequestHeaders().getFirst("Authorization"))) {
                ex.sendResponseHeaders(401, -1);
                ex.close();
                return;
            }
            byte[] f = clip.get(next.getAndIncrement() % clip.size());
            ex.getResponseHeaders().add("Content-Type", "image/jpeg");
            ex.sendResponseHeaders(200, f.length);
            ex.getResponseBody().write(f);
            ex.close();
        });
        s.setExecutor(Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "http-camera");
            t.setDaemon(true);
            return t;
        }));
        s.start();
        return s;
    }

    /** GStreamer's RTSP server playing the clip at rtsp://127.0.0.1:PORT/cam (shared by every client), once it answers. */
    public static Process rtsp(int port) throws IOException {
        return rtsp(port, null);
    }

    /** The same, asking for the {@code user:password} in {@code login} (RTSP Basic) when it is not null. */
    public static Process rtsp(int port, Path login) throws IOException {
        Path script = Path.of(System.getProperty("watcher.home", "."), "cameras/src/test/resources/rtsp-camera.py");
        if (!Files.isReadable(script)) {
            try {
                script = Path.of(LocalCameras.class.getResource("/rtsp-camera.py").toURI());
            } catch (java.net.URISyntaxException | NullPointerException e) {
                throw new IOException("rtsp-camera.py is neither in cameras/src/test/resources nor on the classpath");
            }
        }
        List<String> command = new ArrayList<>(List.of("/usr/bin/python3", script.toString(), Integer.toString(port), clip().toString()));
        if (login != null) {
            command.add(login.toString());
        }
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String first = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8)).readLine();
        if (first == null || !first.startsWith("serving rtsp://")) {
            p.destroyForcibly();
            throw new IOException("the RTSP camera did not start (needs Debian's python3-gi, gir1.2-gst-rtsp-server-1.0, "
                    + "gstreamer1.0-plugins-good): " + first);
        }
        return p;
    }

    public static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
