package io.safetywatcher.simulator.registry;

import com.datastax.oss.driver.api.core.CqlSession;
import io.safetywatcher.stack.junit.StackEndpoints;
import io.safetywatcher.stack.junit.StackTest;
import io.safetywatcher.store.registry.Device;
import io.safetywatcher.store.registry.Registry;
import io.safetywatcher.store.registry.RegistryTable;
import io.safetywatcher.store.registry.Zone;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The registry's one owner against the migrated schema (011 and 015 included): a zone with its map
 * coordinates and a camera with its mounting read back as written, and a camera without
 * mounting reads with the configured default. (Here, not in the store module: the stack's
 * build order needs the console, which uses the store.)
 */
@StackTest
class RegistryTableTest {

    @Test
    void zonesAndCamerasWithTheirMountingReadBackAsWritten(StackEndpoints stack) {
        String tag = "rt-" + UUID.randomUUID().toString().substring(0, 8);
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        Zone plaza = new Zone(tag + "-plaza", "Plaza", "square", 1800.0, "06:00-23:00", "Europe/London", 4, 2500, 51.5074, -0.1278,
                "51.5076,-0.1281 51.5076,-0.1275 51.5072,-0.1275 51.5072,-0.1281 51.5076,-0.1281", now);
        Zone park = new Zone(tag + "-park", "Park", "park", null, null, null, null, null, null, null, null, now);
        Device mounted = Device.camera(tag + "-cam-1", plaza.id(), 160.0, 640, 480, 2.0, new Device.Mounting(7.5, 0.12), now);
        Device bare = Device.camera(tag + "-cam-2", plaza.id(), 120.0, 640, 480, 2.0, null, now);
        Device sound = Device.sensor(tag + "-snd-1", plaza.id(), "sound_level", 10_000, "dB", now).at(51.5077, -0.1275);
        try (CqlSession s = stack.openSession()) {
            RegistryTable registry = new RegistryTable(s, stack.keyspace());
            registry.write(plaza);
            registry.write(park);
            registry.writeAll(List.of(mounted, bare, sound));

            assertThat(registry.zone(plaza.id())).contains(plaza);
            assertThat(registry.zone(park.id())).contains(park);
            assertThat(registry.zone(tag + "-nowhere")).isEmpty();
            assertThat(registry.device(mounted.id())).contains(mounted);
            assertThat(registry.devicesOf(plaza.id())).containsExactly(mounted, bare, sound);

            Registry all = registry.read();
            assertThat(all.zone(plaza.id())).contains(plaza);
            assertThat(all.device(sound.id())).contains(sound);
            Device.Mounting defaults = Device.Mounting.defaults(stack.config());
            assertThat(all.device(bare.id()).orElseThrow().mountingOr(defaults)).isEqualTo(new Device.Mounting(5, 0.28));
            assertThat(all.device(mounted.id()).orElseThrow().mountingOr(defaults)).isEqualTo(new Device.Mounting(7.5, 0.12));
            assertThat(defaults.usedAsDefaultBy(bare.id()))
                    .isEqualTo("camera " + bare.id() + " has no mounting in the registry; using defaults horizon-share 0.28, mount-height 5 m");

            // Moved to the park: the plaza no longer lists it; written again, nothing changes.
            Device moved = Device.camera(bare.id(), park.id(), 120.0, 640, 480, 2.0, new Device.Mounting(4, 0.3), now);
            registry.write(moved);
            registry.write(moved);
            assertThat(registry.devicesOf(plaza.id())).containsExactly(mounted, sound);
            assertThat(registry.devicesOf(park.id())).containsExactly(moved);
        }
    }
}
