package io.safetywatcher.cameras;

import com.datastax.oss.driver.api.core.CqlSession;
import io.safetywatcher.common.config.WatcherConfig;
import io.safetywatcher.cql.CqlSessions;
import io.safetywatcher.shell.ConfigOptions;
import io.safetywatcher.shell.Program;
import io.safetywatcher.store.registry.RegistryTable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.time.Instant;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/** {@code ./watcher cameras}: the camera gateway, in the foreground until Ctrl-C or SIGTERM. */
@Command(name = "cameras", mixinStandardHelpOptions = true,
        description = {"The camera gateway: reads every camera the registry gives a stream (devices.stream_url, stream_kind, "
                + "stream_max_fps, stream_credentials) and produces its frames to the frame topic as the simulator does "
                + "(key and headers alike), for the alert job to analyse.",
                "Streams: mjpeg (multipart/x-mixed-replace over HTTP), snapshot (a JPEG a GET over HTTP), rtsp (through an ffmpeg "
                        + "child process: Debian's ffmpeg package). Each camera is capped at its max fps (else cameras.max-fps), "
                        + "reconnects with back-off (cameras.backoff.*), and says each change of its state in a line; the registry "
                        + "is read again every cameras.registry-refresh.",
                "Credentials are read from where the registry points (env:NAME or file:PATH, holding user:password) and never "
                        + "printed. See docs/cameras.md."})
public final class CamerasMain implements Callable<Integer> {
    @Mixin
    ConfigOptions configOptions;

    @Override
    public Integer call() throws Exception {
        WatcherConfig config = configOptions.load();
        GatewaySettings settings = GatewaySettings.of(config); // a bad cameras.* value exits 2 naming the key
        CountDownLatch stopped = new CountDownLatch(1);
        try (CqlSession session = CqlSessions.builder(config).build()) {
            RegistryTable registry = new RegistryTable(session, config.get("cassandra.keyspace"));
            Gateway gateway = new Gateway(settings, registry::devices, new FrameTopic(config), CamerasMain::say, System::getenv);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                gateway.close();
                stopped.countDown();
            }));
            say("cameras: the gateway, producing to " + io.safetywatcher.common.config.Topics.of(config).frames() + "; registry read every "
                    + settings.registryRefresh().toSeconds() + " s");
            gateway.start();
            stopped.await();
        }
        return 0;
    }

    private static void say(String line) {
        System.out.println(Instant.now() + " " + line);
        System.out.flush();
    }

    public static void main(String[] args) {
        Program.exit(new CamerasMain(), args);
    }
}
