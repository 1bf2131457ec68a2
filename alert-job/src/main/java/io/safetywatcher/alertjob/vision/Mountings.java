package io.safetywatcher.alertjob.vision;

import io.safetywatcher.store.registry.Device;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which mounting a camera's frames are read with: its own from the registry, or the configured
 * default. A camera on the default says so once per JVM, so an operator knows its people counts
 * rest on a guess until its mounting is registered.
 */
final class Mountings {
    private static final Logger LOG = LoggerFactory.getLogger(Mountings.class);
    private static final Set<String> ON_DEFAULTS = ConcurrentHashMap.newKeySet();

    private Mountings() {}

    static Device.Mounting of(Device camera, Device.Mounting defaults) {
        if (camera.mounting() != null) {
            ON_DEFAULTS.remove(camera.id()); // registered since: say so again should it lose it
            return camera.mounting();
        }
        if (ON_DEFAULTS.add(camera.id())) {
            LOG.warn(defaults.usedAsDefaultBy(camera.id()));
        }
        return defaults;
    }

    /** Whether the camera has been said to run on the defaults in this JVM. */
    static boolean onDefaults(String cameraId) { return ON_DEFAULTS.contains(cameraId); }
}
