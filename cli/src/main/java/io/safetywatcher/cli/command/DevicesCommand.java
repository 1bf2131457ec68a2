package io.safetywatcher.cli.command;

import io.safetywatcher.cli.Inputs;
import io.safetywatcher.cli.output.Table;
import io.safetywatcher.common.event.SensorType;
import io.safetywatcher.store.registry.Device;
import io.safetywatcher.store.registry.Registry;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** {@code devices}: cameras and sensors, optionally of one zone or kind. */
@Command(name = "devices", mixinStandardHelpOptions = true, description = "List cameras and sensors; add, remove or show one.",
        subcommands = {DevicesCommand.Add.class, DevicesCommand.Remove.class, DevicesCommand.Show.class})
public final class DevicesCommand extends OperatorCommand {
    @Option(names = "--zone", paramLabel = "ZONE", description = "Only this zone's devices.")
    String zone;

    @Option(names = "--kind", paramLabel = "KIND", description = "camera, sensor, or a sensor type (sound_level, gunshot, ...).")
    String kind;

    @Override
    public Integer call() {
        List<String> kinds = new ArrayList<>(List.of("camera", "sensor"));
        Arrays.stream(SensorType.values()).map(SensorType::id).forEach(kinds::add);
        if (kind != null && !kinds.contains(kind)) {
            throw Inputs.unknown("--kind", "device kind", kind, kinds);
        }
        Registry r = registry();
        if (zone != null) {
            Inputs.requireZone(r, "--zone", zone);
        }
        // A camera's mounting scales its people counts: its own from the registry, else the configured default, said so.
        Device.Mounting defaults = Device.Mounting.defaults(connections().config());
        Table t = new Table("devices", "device", "zone", "kind", "sensor_type", "view_area_m2", "unit", "latitude", "longitude",
                "mount_height_m", "horizon_share", "mounting");
        List<String> onDefaults = new ArrayList<>();
        for (Device d : r.devices().values()) {
            boolean kindOk = kind == null || kind.equals(d.kind()) || kind.equals(d.sensorType());
            if ((zone == null || zone.equals(d.zone())) && kindOk) {
                Device.Mounting m = d.camera() ? d.mountingOr(defaults) : null;
                t.add(d.id(), d.zone(), d.kind(), d.sensorType(), d.viewAreaM2(), d.unit(), degrees(d.latitude()), degrees(d.longitude()),
                        m == null ? null : m.heightM(), m == null ? null : m.horizonShare(),
                        !d.camera() ? null : d.mounting() != null ? "registry" : "default");
                if (d.camera() && d.mounting() == null) {
                    onDefaults.add(d.id());
                }
            }
        }
        print(t);
        // On stderr: the listing on stdout stays the table (or the JSON/CSV) it was asked for.
        onDefaults.forEach(id -> err().println(defaults.usedAsDefaultBy(id)));
        return 0;
    }

    /** A coordinate as stored: a table's 3 decimals would be ~100 m, more than a device's distance from its zone's centre. */
    private static java.math.BigDecimal degrees(Double d) { return d == null ? null : java.math.BigDecimal.valueOf(d); }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "One device: every registry field, its stream (credentials by reference only).")
    static final class Show extends OperatorCommand {
        @Parameters(paramLabel = "DEVICE")
        String id;

        @Override
        public Integer call() {
            Device d = Inputs.requireDevice(registry(), id);
            Table t = new Table("device", "field", "value");
            t.add("device", d.id());
            t.add("zone", d.zone());
            t.add("kind", d.kind());
            if (d.camera()) {
                t.add("view_area_m2", d.viewAreaM2());
                t.add("size", d.width() + "x" + d.height());
                t.add("fps", d.fps());
                t.add("mounting", d.mounting() == null ? "none (the vision.* defaults)" : d.mounting().describe());
                t.add("stream", d.stream() == null ? "none" : d.stream().describe());
                if (d.stream() != null && d.stream().problem() != null) {
                    t.add("stream problem", d.stream().problem());
                }
            } else {
                t.add("sensor_type", d.sensorType());
                t.add("sampling_period_ms", d.samplingPeriodMs());
                t.add("unit", d.unit());
            }
            t.add("latitude", d.latitude());
            t.add("longitude", d.longitude());
            t.add("updated_at", d.updatedAt());
            print(t);
            return 0;
        }
    }

    @Command(name = "remove", mixinStandardHelpOptions = true, description = "Takes a device out of the registry (its stored readings and frames stay).")
    static final class Remove extends OperatorCommand {
        @Parameters(paramLabel = "DEVICE")
        String id;

        @Override
        public Integer call() {
            Device d = Inputs.requireDevice(registry(), id);
            connections().registry().remove(d);
            out().println("removed " + d.kind() + " " + d.id() + " from zone " + d.zone());
            return 0;
        }
    }

    @Command(name = "add", mixinStandardHelpOptions = true,
            description = {"Registers a new camera or sensor (to change one, registry apply a file with it).",
                    "A camera with --stream-url is pulled by ./watcher cameras."})
    static final class Add extends OperatorCommand {
        @Parameters(paramLabel = "DEVICE")
        String id;

        @Option(names = "--zone", required = true, paramLabel = "ZONE")
        String zone;

        @Option(names = "--kind", required = true, paramLabel = "KIND", description = "camera or sensor")
        String kind;

        @Option(names = "--view-area", paramLabel = "M2", description = "Camera: the ground area in view, m2.")
        Double viewArea;

        @Option(names = "--size", paramLabel = "WxH", description = "Camera: the image size, e.g. 640x480.")
        String size;

        @Option(names = "--fps", paramLabel = "FPS", description = "Camera: its frame rate.")
        Double fps;

        @Option(names = "--mounting", paramLabel = "HEIGHT_M,HORIZON_SHARE", split = ",", description = "Camera: how it hangs, e.g. 6.5,0.2.")
        double[] mounting;

        @Option(names = "--stream-url", paramLabel = "URL", description = "Camera: its stream (http(s) for mjpeg/snapshot, rtsp(s)).")
        String streamUrl;

        @Option(names = "--stream-kind", paramLabel = "KIND", description = "mjpeg, snapshot or rtsp.")
        String streamKind;

        @Option(names = "--max-fps", paramLabel = "FPS", description = "The gateway's cap for this camera (default cameras.max-fps).")
        Double maxFps;

        @Option(names = "--credentials", paramLabel = "REF", description = "env:NAME or file:PATH holding user:password; never the secret.")
        String credentials;

        @Option(names = "--sensor-type", paramLabel = "TYPE", description = "Sensor: sound_level, gunshot, ...")
        String sensorType;

        @Option(names = "--period-ms", paramLabel = "MS", description = "Sensor: its sampling period.")
        Integer periodMs;

        @Option(names = "--unit", paramLabel = "UNIT", description = "Sensor: the unit of its values.")
        String unit;

        @Override
        public Integer call() {
            Registry r = registry();
            if (r.device(id).isPresent()) {
                throw new io.safetywatcher.cli.UsageError("device '" + id + "' is already registered; registry apply a file to change it");
            }
            Inputs.requireZone(r, "--zone", zone);
            Device d;
            try {
                d = switch (kind) {
                    case Device.CAMERA -> camera();
                    case Device.SENSOR -> sensor();
                    default -> throw new io.safetywatcher.cli.UsageError("--kind: '" + kind + "' is not camera or sensor");
                };
            } catch (IllegalArgumentException e) {
                throw new io.safetywatcher.cli.UsageError(e.getMessage());
            }
            connections().registry().write(d);
            out().println("added " + d.kind() + " " + d.id() + " to zone " + d.zone() + (d.stream() == null ? "" : ": " + d.stream().describe()));
            return 0;
        }

        private Device camera() {
            Integer w = null;
            Integer h = null;
            if (size != null) {
                String[] p = size.split("x");
                if (p.length != 2 || !p[0].matches("\\d{1,4}") || !p[1].matches("\\d{1,4}")) {
                    throw new io.safetywatcher.cli.UsageError("--size: '" + size + "' is not WIDTHxHEIGHT, e.g. 640x480");
                }
                w = Integer.parseInt(p[0]);
                h = Integer.parseInt(p[1]);
            }
            if (mounting != null && mounting.length != 2) {
                throw new io.safetywatcher.cli.UsageError("--mounting: give HEIGHT_M,HORIZON_SHARE, e.g. 6.5,0.2");
            }
            Device.Mounting m = mounting == null ? null : new Device.Mounting(mounting[0], mounting[1]);
            Device.Stream s = null;
            if (streamUrl != null || streamKind != null) {
                if (streamUrl == null || streamKind == null) {
                    throw new io.safetywatcher.cli.UsageError("--stream-url and --stream-kind go together");
                }
                s = Device.Stream.of(streamUrl, streamKind, maxFps, credentials);
            }
            return Device.camera(id, zone, viewArea, w, h, fps, m, now()).streaming(s);
        }

        private Device sensor() {
            if (sensorType == null || SensorType.fromId(sensorType).isEmpty()) {
                throw Inputs.unknown("--sensor-type", "sensor type", String.valueOf(sensorType),
                        Arrays.stream(SensorType.values()).map(SensorType::id).toList());
            }
            return Device.sensor(id, zone, sensorType, periodMs, unit, now());
        }
    }
}
