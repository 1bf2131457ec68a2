package io.safetywatcher.store.registry;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What writing a set of zones and devices would change in the registry, column by column, and
 * the writing of only those rows: how {@code ./watcher registry apply} and the simulator's city
 * both register. The {@code updated_at} column is not a change (a row written again is the same
 * row). Rows the registry has and the set does not are left alone: removing is said explicitly
 * ({@code devices remove}, {@code zones remove}). Pure, except {@link #apply}.
 */
public record RegistryPlan(List<Change> changes, List<Zone> zonesToWrite, List<Device> devicesToWrite) {
    public enum Action { ADDED, CHANGED, UNCHANGED }

    /** @param columns the columns that differ, for {@link Action#CHANGED} */
    public record Change(String what, String id, Action action, List<String> columns) {
        /** "device cam-1: added", "zone plaza: changed (name, capacity)", "device snd-2: unchanged". */
        public String describe() {
            return what + " " + id + ": " + action.name().toLowerCase(java.util.Locale.ROOT)
                    + (action == Action.CHANGED ? " (" + String.join(", ", columns) + ")" : "");
        }
    }

    public RegistryPlan {
        changes = List.copyOf(changes);
        zonesToWrite = List.copyOf(zonesToWrite);
        devicesToWrite = List.copyOf(devicesToWrite);
    }

    /** The plan for writing {@code zones} and {@code devices} over {@code current}. */
    public static RegistryPlan of(Registry current, List<Zone> zones, List<Device> devices) {
        List<Change> changes = new ArrayList<>();
        List<Zone> zoneWrites = new ArrayList<>();
        List<Device> deviceWrites = new ArrayList<>();
        for (Zone z : zones) {
            Zone before = current.zones().get(z.id());
            Change c = change("zone", z.id(), before == null ? null : RegistryTable.byColumn(RegistryTable.ZONE_COLUMNS, RegistryTable.values(before)),
                    RegistryTable.byColumn(RegistryTable.ZONE_COLUMNS, RegistryTable.values(z)));
            changes.add(c);
            if (c.action() != Action.UNCHANGED) {
                zoneWrites.add(z);
            }
        }
        for (Device d : devices) {
            Device before = current.devices().get(d.id());
            Change c = change("device", d.id(),
                    before == null ? null : RegistryTable.byColumn(RegistryTable.DEVICE_COLUMNS, RegistryTable.values(before)),
                    RegistryTable.byColumn(RegistryTable.DEVICE_COLUMNS, RegistryTable.values(d)));
            changes.add(c);
            if (c.action() != Action.UNCHANGED) {
                deviceWrites.add(d);
            }
        }
        return new RegistryPlan(changes, zoneWrites, deviceWrites);
    }

    private static Change change(String what, String id, Map<String, Object> before, Map<String, Object> after) {
        if (before == null) {
            return new Change(what, id, Action.ADDED, List.of());
        }
        List<String> columns = new ArrayList<>();
        for (var e : after.entrySet()) {
            if (!e.getKey().equals("updated_at") && !same(e.getValue(), before.get(e.getKey()))) {
                columns.add(e.getKey());
            }
        }
        return new Change(what, id, columns.isEmpty() ? Action.UNCHANGED : Action.CHANGED, columns);
    }

    /** Equal values; numbers by value, so 2500 read back as a double is the same as 2500.0 written. */
    private static boolean same(Object a, Object b) {
        if (a instanceof Number x && b instanceof Number y) {
            return Double.compare(x.doubleValue(), y.doubleValue()) == 0;
        }
        return Objects.equals(a, b);
    }

    /** The changes other than {@link Action#UNCHANGED}. */
    public List<Change> effective() { return changes.stream().filter(c -> c.action() != Action.UNCHANGED).toList(); }

    /** Writes the zones, then the devices, that are new or changed. */
    public void apply(RegistryTable registry) {
        zonesToWrite.forEach(registry::write);
        registry.writeAll(devicesToWrite);
    }
}
