package io.safetywatcher.simulator.city;

import io.safetywatcher.common.event.OpeningHours;

import io.safetywatcher.shell.file.FileProblem;
import org.junit.jupiter.api.Test;

import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CityFileTest {

    @Test
    void defaultCityHasSixZonesOfDifferentKindsTwelveCamerasSixtySensors() {
        City city = CityFile.load("default");
        assertThat(city.zones()).hasSize(6);
        assertThat(city.zones().stream().map(Zone::kind).collect(Collectors.toSet())).hasSize(6);
        assertThat(city.cameras()).hasSize(12);
        assertThat(city.sensors()).hasSize(60);
        assertThat(city.zones()).allSatisfy(z -> assertThat(city.camerasIn(z.id())).isNotEmpty());
        assertThat(city.zone("stadium-north-gate").orElseThrow().eventDays()).isNotEmpty();
        assertThat(city.zone("elm-street").orElseThrow().alwaysOpen()).isTrue();
    }

    @Test
    void aWrongReferenceNamesItsLineAndField() {
        String yaml = """
                zones:
                  - {id: a, kind: park, area_m2: 100}
                cameras:
                  - {id: c1, zone: a, view_area_m2: 100}
                  - {id: c2, zone: b, view_area_m2: 100}
                """;
        assertThatThrownBy(() -> CityFile.parse("city.yaml", yaml))
                .isInstanceOf(FileProblem.class)
                .hasMessageContaining("city.yaml line 5")
                .hasMessageContaining("cameras[1].zone")
                .hasMessageContaining("unknown zone 'b'");
    }

    @Test
    void badOpeningHoursAndUnknownKindsAreRefusedWithTheirLine() {
        assertThatThrownBy(() -> CityFile.parse("c.yaml", "zones:\n  - id: a\n    kind: park\n    area_m2: 10\n    opening_hours: 9-5\n"))
                .hasMessageContaining("line 5").hasMessageContaining("zones[0].opening_hours");
        assertThatThrownBy(() -> CityFile.parse("c.yaml", "zones:\n  - id: a\n    kind: harbour\n    area_m2: 10\n"))
                .hasMessageContaining("line 3").hasMessageContaining("unknown zone kind 'harbour'");
    }

    @Test
    void openingHoursWrapPastMidnight() {
        OpeningHours h = OpeningHours.parse("opening_hours", "05:00-01:00");
        assertThat(h.isOpen(java.time.LocalTime.of(0, 30))).isTrue();
        assertThat(h.isOpen(java.time.LocalTime.of(3, 0))).isFalse();
        assertThat(h.isOpen(java.time.LocalTime.of(5, 0))).isTrue();
    }

    @Test
    void zonesArePlacedOnTheMapInPairsOfDegrees() {
        City city = CityFile.load(CityFile.DEFAULT);
        assertThat(city.zones()).allSatisfy(z -> {
            assertThat(z.latitude()).isBetween(-90.0, 90.0);
            assertThat(z.longitude()).isBetween(-180.0, 180.0);
        });
        assertThat(CityFile.parse("c.yaml", "zones:\n  - id: a\n    kind: park\n    area_m2: 10\n").zones().get(0).latitude()).isNull();
        assertThatThrownBy(() -> CityFile.parse("c.yaml", "zones:\n  - id: a\n    kind: park\n    area_m2: 10\n    latitude: 51.5\n"))
                .hasMessageContaining("zones[0].latitude").hasMessageContaining("latitude and longitude come together");
        assertThatThrownBy(() -> CityFile.parse("c.yaml", "zones:\n  - id: a\n    kind: park\n    area_m2: 10\n    latitude: 91\n    longitude: 0\n"))
                .hasMessageContaining("zones[0].latitude");
    }
}
