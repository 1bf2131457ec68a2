package io.safetywatcher.cli.command;

import io.safetywatcher.cli.output.Table;
import io.safetywatcher.store.registry.Zone;
import picocli.CommandLine.Command;

/** {@code zones}: the zones of the registry. */
@Command(name = "zones", mixinStandardHelpOptions = true, description = "List the zones: kind, area, opening hours, importance.")
public final class ZonesCommand extends OperatorCommand {
    @Override
    public Integer call() {
        Table t = new Table("zones", "zone", "name", "kind", "area_m2", "opening_hours", "timezone", "importance", "capacity", "latitude",
                "longitude");
        for (Zone z : registry().zones().values()) {
            t.add(z.id(), z.name(), z.kind(), z.areaM2(), z.openingHours() == null ? "always" : z.openingHours(), z.timezone(),
                    z.importance(), z.capacity(), z.latitude(), z.longitude());
        }
        print(t);
        return 0;
    }
}
