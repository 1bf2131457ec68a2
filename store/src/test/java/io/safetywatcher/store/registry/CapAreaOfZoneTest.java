package io.safetywatcher.store.registry;

import io.safetywatcher.common.cap.CapArea;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The CAP area an alert's zone gets from the registry's coordinates. */
class CapAreaOfZoneTest {
    private static Zone zone(String id, String name, Double areaM2, Double lat, Double lon, String polygon) {
        return new Zone(id, name, "market", areaM2, null, "Europe/London", 3, 1000, lat, lon, polygon, null);
    }

    private static Registry registry(Zone... zones) {
        return Registry.of(List.of(zones), List.of(), 0);
    }

    @Test
    void aSurveyedZoneIsACircleOfItsAreaAroundItsCentreAndItsPolygon() {
        String square = "51.5,-0.1 51.5,-0.09 51.51,-0.09 51.5,-0.1";
        CapArea a = registry(zone("old-market", "Old Market square", 3_141_592.65, 51.505, -0.095, square)).capArea("old-market");
        assertThat(a.desc()).isEqualTo("Old Market square (old-market)");
        assertThat(a.lat()).isEqualTo(51.505);
        assertThat(a.lon()).isEqualTo(-0.095);
        assertThat(a.radiusKm()).isCloseTo(1.0, within(1e-6)); // a disc of pi km² has a radius of 1 km
        assertThat(a.polygon()).isEqualTo(square);
    }

    @Test
    void withoutCoordinatesOnlyTheZoneIsNamed() {
        CapArea a = registry(zone("park", "Riverside Park", 20000.0, null, null, null)).capArea("park");
        assertThat(a.desc()).isEqualTo("Riverside Park (park)");
        assertThat(a.hasCircle()).isFalse();
        assertThat(a.polygon()).isNull();
        assertThat(registry().capArea("unknown-zone")).isEqualTo(CapArea.of("unknown-zone"));
            }

    @Test
    void coordinatesCapCannotCarryGiveTheNameAloneRatherThanStopTheAlerts() {
        CapArea a = registry(zone("z", "Open polygon", 100.0, 51.5, -0.1, "51.5,-0.1 51.6,-0.1 51.6,-0.2")).capArea("z");
        assertThat(a).isEqualTo(CapArea.of("Open polygon (z)"));
        CapArea b = registry(zone("y", null, 100.0, 123.0, -0.1, null)).capArea("y");
        assertThat(b).isEqualTo(CapArea.of("y"));
    }
}
