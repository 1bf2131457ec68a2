package io.safetywatcher.alertjob.vision;

import io.safetywatcher.store.registry.Device;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** A camera's frames are read with its own registered mounting, else the configured default, which it says. */
class MountingsTest {
    private final VisionSettings vision = VisionSettings.defaults();

    @Test
    void aRegisteredMountingIsTheCamerasOwn() {
        Device cam = Device.camera("cam-mounted", "plaza", 150.0, 640, 480, 2.0, new Device.Mounting(8, 0.1), null);
        CameraView view = vision.view(cam, 640, 480, 150);
        assertThat(view.mountHeightM()).isEqualTo(8);
        assertThat(view.horizonRow()).isEqualTo(48);
        assertThat(Mountings.onDefaults("cam-mounted")).isFalse();
        // Higher up and looking further down, a person at the same row is smaller than under the defaults.
        assertThat(view.personHeightPx(400)).isLessThan(vision.view(640, 480, 150).personHeightPx(400));
    }

    @Test
    void aCameraWithoutMountingUsesTheDefaultsAndSaysSo() {
        Device cam = Device.camera("cam-bare", "plaza", 150.0, 640, 480, 2.0, null, null);
        assertThat(vision.view(cam, 640, 480, 150)).isEqualTo(vision.view(640, 480, 150));
        assertThat(Mountings.onDefaults("cam-bare")).isTrue();
        assertThat(vision.defaultMounting().usedAsDefaultBy("cam-bare"))
                .isEqualTo("camera cam-bare has no mounting in the registry; using defaults horizon-share 0.28, mount-height 5 m");
        // Registered later: its own mounting from then on.
        Device registered = Device.camera("cam-bare", "plaza", 150.0, 640, 480, 2.0, new Device.Mounting(4, 0.3), null);
        assertThat(vision.view(registered, 640, 480, 150).mountHeightM()).isEqualTo(4);
        assertThat(Mountings.onDefaults("cam-bare")).isFalse();
    }
}
