package io.safetywatcher.cli.command;

import io.safetywatcher.cli.output.Table;
import io.safetywatcher.store.registry.Zone;
import io.safetywatcher.cli.Inputs;
import io.safetywatcher.cli.UsageError;
import io.safetywatcher.store.registry.Device;
import io.safetywatcher.store.registry.Registry;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code zones}: the zones of the registry. */
@Command(name = "zones", mixinStandardHelpOptions = true, description = "List the zones: kind, area, opening hours, importance; add or remove one.",
        subcommands = {ZonesCommand.Add.class, ZonesCommand.Remove.class})
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

    @Command(name = "add", mixinStandardHelpOptions = true, description = "Registers a new zone (to change one, registry apply a file with it).")
    static final class Add extends OperatorCommand {
        @Parameters(paramLabel = "ZONE")
        String id;

        @Option(names = "--name", paramLabel = "NAME")
        String name;

        @Option(names = "--kind", paramLabel = "KIND", description = "e.g. market, transit, park, stadium, residential.")
        String kind;

        @Option(names = "--area", paramLabel = "M2")
        Double area;

        @Option(names = "--opening-hours", paramLabel = "HH:MM-HH:MM", description = "Local time; none: always open.")
        String hours;

        @Option(names = "--timezone", paramLabel = "TZ", description = "IANA, e.g. Europe/London.")
        String timezone;

        @Option(names = "--importance", paramLabel = "1..5")
        Integer importance;

        @Option(names = "--capacity", paramLabel = "PEOPLE")
        Integer capacity;

        @Option(names = "--at", paramLabel = "LAT,LON", split = ",", description = "The zone's centre, WGS84.")
        double[] at;

        @Override
        public Integer call() {
            Registry r = registry();
            if (r.zone(id).isPresent()) {
                throw new UsageError("zone '" + id + "' is already registered; registry apply a file to change it");
            }
            if (hours != null && !io.safetywatcher.cli.registry.RegistryFile.OPENING_HOURS.matcher(hours).matches()) {
                throw new UsageError("--opening-hours: '" + hours + "' is not HH:MM-HH:MM");
            }
            if (timezone != null) {
                try {
                    java.time.ZoneId.of(timezone);
                } catch (java.time.DateTimeException e) {
                    throw new UsageError("--timezone: '" + timezone + "' is not an IANA time zone such as Europe/London");
                }
            }
            if (importance != null && (importance < 1 || importance > 5)) {
                throw new UsageError("--importance: " + importance + " is outside 1..5");
            }
            if (at != null && (at.length != 2 || Math.abs(at[0]) > 90 || Math.abs(at[1]) > 180)) {
                throw new UsageError("--at: give LAT,LON in degrees, e.g. 51.512,-0.123");
            }
            Zone z = new Zone(id, name, kind, area, hours, timezone, importance, capacity, at == null ? null : at[0], at == null ? null : at[1],
                    null, now());
            connections().registry().write(z);
            out().println("added zone " + id);
            return 0;
        }
    }

    @Command(name = "remove", mixinStandardHelpOptions = true, description = "Takes a zone without devices out of the registry.")
    static final class Remove extends OperatorCommand {
        @Parameters(paramLabel = "ZONE")
        String id;

        @Override
        public Integer call() {
            Registry r = registry();
            Inputs.requireZone(r, null, id);
            java.util.List<String> devices = connections().registry().devicesOf(id).stream().map(Device::id).toList();
            if (!devices.isEmpty()) {
                throw new UsageError("zone '" + id + "' still has " + devices.size() + " devices (" + String.join(", ", devices)
                        + "); remove or move them first");
            }
            connections().registry().removeZone(id);
            out().println("removed zone " + id);
            return 0;
        }
    }
}
