package io.safetywatcher.simulator.incident;

import io.safetywatcher.common.event.AlertType;
import io.safetywatcher.common.event.Incident;
import io.safetywatcher.common.event.SensorType;
import io.safetywatcher.simulator.city.Camera;
import io.safetywatcher.simulator.city.City;
import io.safetywatcher.simulator.city.Device;
import io.safetywatcher.simulator.city.Sensor;
import io.safetywatcher.simulator.life.SmoothNoise;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/** What each incident type is made of: its usual length and the devices it shows on. */
public final class IncidentKinds {
    /** Everything but crowd-risk, which the alert job derives and nobody injects. */
    public static final List<AlertType> INJECTABLE = List.of(AlertType.INTRUSION, AlertType.LOITERING, AlertType.FIGHT,
            AlertType.GUNSHOT, AlertType.GLASS_BREAK, AlertType.BREAK_IN, AlertType.PANIC, AlertType.NOISE,
            AlertType.SUSPICIOUS_BEHAVIOUR, AlertType.CROWD_DENSITY, AlertType.CROWD_SURGE);

    /**
     * A device failing rather than something happening in the city: a scenario file may inject
     * them, random draws do not (they would shift every existing run's incidents).
     */
    public static final List<AlertType> DEVICE_FAULTS = List.of(AlertType.CAMERA_OFFLINE, AlertType.CAMERA_FROZEN,
            AlertType.CAMERA_COVERED, AlertType.CAMERA_MOVED, AlertType.SENSOR_SILENT);

    /** Types that need people where nobody should be: only while the zone is closed. */
    public static final Set<AlertType> WHILE_CLOSED = EnumSet.of(AlertType.INTRUSION);

    /** Types that need one camera of the zone to show them. */
    private static final Set<AlertType> ONE_CAMERA = EnumSet.of(AlertType.INTRUSION, AlertType.LOITERING, AlertType.FIGHT,
            AlertType.BREAK_IN, AlertType.SUSPICIOUS_BEHAVIOUR, AlertType.CAMERA_OFFLINE, AlertType.CAMERA_FROZEN,
            AlertType.CAMERA_COVERED, AlertType.CAMERA_MOVED);

    public static final Duration MAX_DURATION = Duration.ofHours(6);

    private IncidentKinds() {}

    public static Duration defaultDuration(AlertType type) {
        return switch (type) {
            case GUNSHOT, GLASS_BREAK -> Duration.ofSeconds(20);
            case PANIC -> Duration.ofMinutes(2);
            case LOITERING, BREAK_IN -> Duration.ofMinutes(5);
            case CROWD_SURGE -> Duration.ofMinutes(6);
            case CROWD_DENSITY -> Duration.ofMinutes(10);
            default -> Duration.ofMinutes(3);
        };
    }

    /** The zone's sensors a silence can be injected on: those reporting every 10 s or faster (a minute-period sensor needs five minutes to be missed). */
    public static List<Sensor> silenceable(City city, String zone) {
        return city.sensorsIn(zone).stream().filter(s -> s.period().compareTo(Duration.ofSeconds(10)) <= 0).toList();
    }

    public static boolean needsCamera(AlertType type) { return ONE_CAMERA.contains(type); }

    /** Whether a scenario file may name this type. */
    public static boolean plannable(AlertType type) { return INJECTABLE.contains(type) || DEVICE_FAULTS.contains(type); }

    /**
     * The incident with its devices. {@code camera} may name the camera (scenario files may);
     * otherwise one is chosen from the id, so the choice is stable.
     */
    public static InjectedIncident place(City city, String id, AlertType type, String zone, Instant start, Instant end,
                                         double intensity, String camera, long seed) {
        long pick = SmoothNoise.seedFor(seed, id) >>> 1;
        List<Camera> cams = city.camerasIn(zone);
        String cam = camera;
        if (cam == null && needsCamera(type) && !cams.isEmpty()) {
            cam = cams.get((int) (pick % cams.size())).id();
        }
        List<Device> devices = new ArrayList<>();
        switch (type) {
            case INTRUSION -> {
                addCamera(devices, city, cam);
                addOne(devices, city.sensorsIn(zone, SensorType.DOOR_CONTACT), pick);
                devices.addAll(city.sensorsIn(zone, SensorType.MOTION));
            }
            case LOITERING, SUSPICIOUS_BEHAVIOUR -> addCamera(devices, city, cam);
            case FIGHT -> {
                addCamera(devices, city, cam);
                devices.addAll(city.sensorsIn(zone, SensorType.SOUND_LEVEL));
            }
            case GUNSHOT -> {
                devices.addAll(city.sensorsIn(zone, SensorType.GUNSHOT));
                devices.addAll(city.sensorsIn(zone, SensorType.SOUND_LEVEL));
                devices.addAll(cams);
                devices.addAll(city.sensorsIn(zone, SensorType.CROWD_DENSITY));
            }
            case GLASS_BREAK -> {
                devices.addAll(city.sensorsIn(zone, SensorType.GLASS_BREAK));
                devices.addAll(city.sensorsIn(zone, SensorType.SOUND_LEVEL));
            }
            case BREAK_IN -> {
                devices.addAll(city.sensorsIn(zone, SensorType.GLASS_BREAK));
                addOne(devices, city.sensorsIn(zone, SensorType.DOOR_CONTACT), pick);
                devices.addAll(city.sensorsIn(zone, SensorType.MOTION));
                addCamera(devices, city, cam);
            }
            case PANIC -> addOne(devices, city.sensorsIn(zone, SensorType.PANIC_BUTTON), pick);
            case NOISE -> devices.addAll(city.sensorsIn(zone, SensorType.SOUND_LEVEL));
            case CAMERA_OFFLINE, CAMERA_FROZEN, CAMERA_COVERED, CAMERA_MOVED -> addCamera(devices, city, cam);
            case SENSOR_SILENT -> {
                List<Sensor> sensors = silenceable(city, zone);
                if (sensors.isEmpty()) {
                    throw new IllegalArgumentException("zone '" + zone + "' has no sensor reporting every 10 s or faster to fall silent");
                }
                addOne(devices, sensors, pick);
            }
            case CROWD_DENSITY, CROWD_SURGE -> {
                devices.addAll(cams);
                devices.addAll(city.sensorsIn(zone, SensorType.CROWD_DENSITY));
                devices.addAll(city.sensorsIn(zone, SensorType.FOOTFALL));
                devices.addAll(city.sensorsIn(zone, SensorType.SOUND_LEVEL));
            }
            default -> throw new IllegalArgumentException(type.id() + " is not an incident the simulator injects");
        }
        List<String> ids = devices.stream().map(Device::id).distinct().toList();
        return new InjectedIncident(new Incident(id, type, zone, ids, start, end, intensity), cam);
    }

    private static void addCamera(List<Device> devices, City city, String cam) {
        if (cam != null) {
            city.cameras().stream().filter(c -> c.id().equals(cam)).forEach(devices::add);
        }
    }

    private static void addOne(List<Device> devices, List<Sensor> sensors, long pick) {
        if (!sensors.isEmpty()) {
            devices.add(sensors.get((int) (pick % sensors.size())));
        }
    }
}
