package io.safetywatcher.cli.eval;

import io.safetywatcher.common.event.AlertType;

import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

import static io.safetywatcher.common.event.AlertType.*;

/**
 * Which alerts an injected incident should raise, and which others it may cause without
 * them being false alarms. Incident and alert types share their ids ({@link AlertType}),
 * so an incident expects at least the alert of its own type; a crowd surge also expects
 * a crowd-risk alert (nobody injects crowd risk: the job derives it from density, growth,
 * noise and importance, and a surge toward danger is what it is for).
 *
 * <p>"Tolerated" alerts are real side effects of the incident in the same zone (a gunshot is
 * loud, so a noise alert is right too, and so is a dense crowd; a break-in starts with a glass break; a
 * fight, a loiterer or a crowd in a closed zone is an intrusion as well; a camera covered or moved has its first
 * frames refused as implausible, a device fault). They are
 * counted neither as true nor as false positives, and are listed as {@code side}.
 */
public final class Expectations {
    private final Map<AlertType, Set<AlertType>> expected = new EnumMap<>(AlertType.class);
    private final Map<AlertType, Set<AlertType>> tolerated = new EnumMap<>(AlertType.class);

    private Expectations() {}

    /** The defaults described above. */
    public static Expectations standard() {
        Expectations e = new Expectations();
        for (AlertType t : AlertType.values()) {
            e.expected.put(t, EnumSet.of(t));
            e.tolerated.put(t, EnumSet.noneOf(AlertType.class));
        }
        e.expected.get(CROWD_SURGE).add(CROWD_RISK);
        // Anyone in view of a closed zone is an intruder, a crowd, loiterers and fighters too.
        e.tolerated.get(CROWD_SURGE).addAll(EnumSet.of(CROWD_DENSITY, NOISE, INTRUSION));
        e.tolerated.get(CROWD_DENSITY).addAll(EnumSet.of(CROWD_RISK, CROWD_SURGE, NOISE, INTRUSION)); // a dense crowd is a loud one
        e.tolerated.get(INTRUSION).addAll(EnumSet.of(SUSPICIOUS_BEHAVIOUR, LOITERING, NOISE));
        e.tolerated.get(LOITERING).addAll(EnumSet.of(SUSPICIOUS_BEHAVIOUR, INTRUSION));
        e.tolerated.get(FIGHT).addAll(EnumSet.of(NOISE, SUSPICIOUS_BEHAVIOUR, CROWD_RISK, INTRUSION));
        e.tolerated.get(GUNSHOT).addAll(EnumSet.of(NOISE, PANIC, SUSPICIOUS_BEHAVIOUR, CROWD_SURGE, CROWD_RISK));
        e.tolerated.get(GLASS_BREAK).add(NOISE);
        e.tolerated.get(BREAK_IN).addAll(EnumSet.of(GLASS_BREAK, INTRUSION, NOISE, SUSPICIOUS_BEHAVIOUR));
        e.tolerated.get(NOISE).add(CROWD_RISK);
        // A view covered or turned changes at once, which the frame analysis first refuses as implausible pixels.
        e.tolerated.get(CAMERA_COVERED).add(DEVICE_FAULT);
        e.tolerated.get(CAMERA_MOVED).add(DEVICE_FAULT);
        return e;
    }

    /** Alert types this incident type must raise. */
    public Set<AlertType> expected(AlertType incidentType) { return expected.get(incidentType); }

    /** True if an alert of {@code alertType} is explained by an incident of {@code incidentType} (expected or tolerated). */
    public boolean explains(AlertType incidentType, AlertType alertType) {
        return expected.get(incidentType).contains(alertType) || tolerated.get(incidentType).contains(alertType);
    }
}
