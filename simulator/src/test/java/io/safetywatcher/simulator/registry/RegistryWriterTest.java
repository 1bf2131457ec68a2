package io.safetywatcher.simulator.registry;

import io.safetywatcher.simulator.city.City;
import io.safetywatcher.simulator.city.CityFile;
import io.safetywatcher.store.registry.Device;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** The default city's devices on the plan: each placed near its zone's centre, apart from its neighbours, the same every time. */
class RegistryWriterTest {
    private static final Instant T = Instant.parse("2026-01-01T00:00:00Z");

    /** Ground distance in metres between two WGS84 points (equirectangular: exact enough over 100 m). */
    private static double metres(double lat1, double lon1, double lat2, double lon2) {
        double x = Math.toRadians(lon2 - lon1) * Math.cos(Math.toRadians((lat1 + lat2) / 2));
        double y = Math.toRadians(lat2 - lat1);
        return Math.hypot(x, y) * 6_371_000;
    }

    @Test
    void everyDeviceOfTheDefaultCityIsPlacedWithinSixtyMetresOfItsZonesCentre() {
        City city = CityFile.load(CityFile.DEFAULT);
        List<Device> devices = RegistryWriter.devices(city, T);
        Map<String, io.safetywatcher.simulator.city.Zone> zones = city.zones().stream()
                .collect(Collectors.toMap(io.safetywatcher.simulator.city.Zone::id, Function.identity()));
        assertThat(devices).hasSize(city.cameras().size() + city.sensors().size()).isNotEmpty();
        Set<String> positions = new HashSet<>();
        for (Device d : devices) {
            io.safetywatcher.simulator.city.Zone z = zones.get(d.zone());
            assertThat(z.latitude()).as("the default city places zone " + z.id()).isNotNull();
            assertThat(d.latitude()).as(d.id()).isNotNull();
            double m = metres(z.latitude(), z.longitude(), d.latitude(), d.longitude());
            assertThat(m).as(d.id() + " from the centre of " + z.id()).isBetween(RegistryWriter.NEAREST_M - 1, RegistryWriter.FARTHEST_M + 1);
            assertThat(positions.add(d.latitude() + "," + d.longitude())).as(d.id() + " has a place of its own").isTrue();
        }
        assertThat(RegistryWriter.devices(city, T)).as("the same city, the same plan").isEqualTo(devices);
    }

    @Test
    void aDeviceWhoseZoneHasNoCentreStaysUnplaced() {
        io.safetywatcher.simulator.city.Zone z = CityFile.load(CityFile.DEFAULT).zones().get(0);
        io.safetywatcher.simulator.city.Zone unsurveyed = new io.safetywatcher.simulator.city.Zone(z.id(), z.name(), z.kind(), z.areaM2(),
                z.hours(), z.importance(), z.capacity(), z.eventDays(), z.eventStart(), null, null);
        Device d = Device.sensor("snd-x", z.id(), "sound_level", 1000, "dB", T);
        assertThat(RegistryWriter.placed(List.of(d), List.of(unsurveyed))).containsExactly(d);
    }
}
