package io.safetywatcher.simulator.scenario;

import io.safetywatcher.common.event.AlertType;
import io.safetywatcher.simulator.city.City;
import io.safetywatcher.simulator.city.Zone;
import io.safetywatcher.simulator.incident.IncidentKinds;
import io.safetywatcher.simulator.incident.InjectedIncident;
import io.safetywatcher.simulator.life.NormalLife;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A scripted run: when it starts, how long, the seed, the city, and its incidents at offsets
 * from the start. Any of the first four may be absent (flags or defaults decide).
 */
public record Scenario(String file, Instant start, Duration duration, Long seed, String city, List<PlannedIncident> incidents) {
    public Scenario {
        incidents = List.copyOf(incidents);
    }

    public static Scenario empty() { return new Scenario("(none)", null, null, null, null, List.of()); }

    /**
     * The incidents placed in the city, checked against it. Ids are {@code sc-<n>-<type>}.
     *
     * @param runEnd incidents are cut off at the end of the run, so the truth never claims more than was sent
     */
    public List<InjectedIncident> place(City city, NormalLife life, long startMs, long runEnd, long seed) {
        List<InjectedIncident> out = new ArrayList<>();
        int n = 0;
        for (PlannedIncident p : incidents) {
            n++;
            Zone zone = city.zone(p.zone()).orElseThrow(() -> p.node().field("zone").problem("unknown zone '" + p.zone()
                    + "'; the city's zones are " + city.zones().stream().map(Zone::id).toList()));
            if (p.camera() != null && city.camerasIn(zone.id()).stream().noneMatch(c -> c.id().equals(p.camera()))) {
                throw p.node().field("camera").problem("camera '" + p.camera() + "' is not in zone '" + zone.id() + "'; its cameras are "
                        + city.camerasIn(zone.id()).stream().map(c -> c.id()).toList());
            }
            if (IncidentKinds.needsCamera(p.type()) && city.camerasIn(zone.id()).isEmpty()) {
                throw p.node().field("zone").problem("a " + p.type().id() + " is seen by a camera, and zone '" + zone.id() + "' has none");
            }
            long start = startMs + p.at().toMillis();
            long end = start + p.duration().toMillis();
            if (start >= runEnd) {
                throw p.node().field("at").problem("starts at " + p.at() + ", after the run ends ("
                        + Duration.ofMillis(runEnd - startMs) + " after the start)");
            }
            if (p.type() == AlertType.INTRUSION) {
                if (zone.alwaysOpen()) {
                    throw p.node().field("zone").problem("an intrusion is people in a closed zone, and '" + zone.id() + "' never closes");
                }
                if (life.isOpen(zone, start)) {
                    throw p.node().field("at").problem("an intrusion is people in a closed zone, and '" + zone.id() + "' is open then ("
                            + zone.hours() + ", local " + life.local(start).toLocalTime() + ")");
                }
            }
            String id = String.format("sc-%03d-%s", n, p.type().id());
            out.add(IncidentKinds.place(city, id, p.type(), zone.id(), Instant.ofEpochMilli(start),
                    Instant.ofEpochMilli(Math.min(end, runEnd)), p.intensity(), p.camera(), seed));
        }
        return out;
    }
}
