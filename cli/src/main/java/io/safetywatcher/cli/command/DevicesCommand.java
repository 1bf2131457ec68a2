package io.safetywatcher.cli.command;

import io.safetywatcher.cli.Inputs;
import io.safetywatcher.cli.output.Table;
import io.safetywatcher.common.event.SensorType;
import io.safetywatcher.store.registry.Device;
import io.safetywatcher.store.registry.Registry;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** {@code devices}: cameras and sensors, optionally of one zone or kind. */
@Command(name = "devices", mixinStandardHelpOptions = true, description = "List cameras and sensors.")
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
}
