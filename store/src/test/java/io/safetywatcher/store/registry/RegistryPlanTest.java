package io.safetywatcher.store.registry;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class RegistryPlanTest {
    static final Instant T1 = Instant.parse("2026-12-01T00:00:00Z");
    static final Instant T2 = Instant.parse("2026-12-04T00:00:00Z");
    static final Zone PLAZA = new Zone("plaza", "Plaza", "market", 2500.0, "07:00-22:00", "Europe/London", 3, 3000, 51.5, -0.12, null, T1);
    static final Device CAM = Device.camera("cam-1", "plaza", 160.0, 640, 480, 2.0, null, T1);

    @Test
    void newRowsAreAddedChangedColumnsAreNamedAndTheTimeOfWritingIsNoChange() {
        Registry current = Registry.of(List.of(PLAZA), List.of(CAM), 0);
        Zone renamed = new Zone("plaza", "Market Plaza", "market", 2500.0, "07:00-22:00", "Europe/London", 3, 4000, 51.5, -0.12, null, T2);
        Device streamed = Device.camera("cam-1", "plaza", 160.0, 640, 480, 2.0, null, T2)
                .streaming(Device.Stream.of("http://cam/video", "mjpeg", null, null));
        Device sensor = Device.sensor("snd-1", "plaza", "sound_level", 10_000, "dB", T2);
        RegistryPlan plan = RegistryPlan.of(current, List.of(renamed), List.of(streamed, sensor));
        assertThat(plan.effective()).extracting(RegistryPlan.Change::describe).containsExactly(
                "zone plaza: changed (name, capacity)", "device cam-1: changed (stream_url, stream_kind)", "device snd-1: added");
        assertThat(plan.devicesToWrite()).containsExactly(streamed, sensor);

        Registry after = Registry.of(List.of(renamed), List.of(streamed, sensor), 0);
        Zone again = new Zone("plaza", "Market Plaza", "market", 2500.0, "07:00-22:00", "Europe/London", 3, 4000, 51.5, -0.12, null,
                T2.plusSeconds(60));
        RegistryPlan second = RegistryPlan.of(after, List.of(again), List.of(streamed, sensor));
        assertThat(second.effective()).isEmpty();
        assertThat(second.zonesToWrite()).isEmpty();
        assertThat(second.devicesToWrite()).isEmpty();
        assertThat(second.changes()).extracting(RegistryPlan.Change::describe).contains("device snd-1: unchanged");
    }
}
