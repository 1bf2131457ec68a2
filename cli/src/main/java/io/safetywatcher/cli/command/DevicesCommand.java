package io.safetywatcher.cli.command;

import io.safetywatcher.cli.Inputs;
import io.safetywatcher.cli.output.Table;
import io.safetywatcher.cli.store.Registry;
import io.safetywatcher.common.event.SensorType;
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
            r.requireZone("--zone", zone);
        }
        Table t = new Table("devices", "device", "zone", "kind", "sensor_type", "view_area_m2", "unit");
        for (Registry.Device d : r.devices()) {
            boolean kindOk = kind == null || kind.equals(d.kind()) || kind.equals(d.sensorType());
            if ((zone == null || zone.equals(d.zone())) && kindOk) {
                t.add(d.id(), d.zone(), d.kind(), d.sensorType(), d.viewAreaM2(), d.unit());
            }
        }
        print(t);
        return 0;
    }
}
