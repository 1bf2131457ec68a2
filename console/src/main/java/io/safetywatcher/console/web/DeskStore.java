package io.safetywatcher.console.web;

import io.safetywatcher.common.event.AlertCategory;

import io.safetywatcher.common.event.AlertType;

import com.datastax.oss.driver.api.core.CqlSession;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.safetywatcher.common.codec.Json;
import io.safetywatcher.common.event.AlertState;
import io.safetywatcher.common.event.Severity;
import io.safetywatcher.store.actions.ActionTables;
import io.safetywatcher.store.alerts.AlertTables;
import io.safetywatcher.store.analytics.AnalyticsTables;
import io.safetywatcher.store.raw.RawTables;
import io.safetywatcher.store.registry.Device;
import io.safetywatcher.store.registry.RegistryTable;
import io.safetywatcher.store.registry.Zone;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the desk page reads from Cassandra, through the tables' owners (the same reads as the
 * CLI's {@code alerts show}, {@code zones}, {@code devices}, {@code trends}, {@code hotspots},
 * {@code heatmap}), shaped as the page's JSON. It writes nothing: actions go through the action
 * service like the CLI's.
 */
final class DeskStore {
    /** Readings and frames drawn around an alert: this long before it started and after. */
    static final Duration AROUND = Duration.ofMinutes(5);
    private static final int AROUND_POINTS = 600;

    private final AlertTables alerts;
    private final ActionTables actions;
    private final RegistryTable registry;
    private final RawTables raw;
    private final AnalyticsTables analytics;

    DeskStore(CqlSession session, String keyspace) {
        this.alerts = new AlertTables(session, keyspace);
        this.actions = new ActionTables(session, keyspace);
        this.registry = new RegistryTable(session, keyspace);
        this.raw = new RawTables(session, keyspace);
        this.analytics = new AnalyticsTables(session, keyspace);
    }

    /** The alerts of the last {@code history} as board rows, for the list before the topic's tail is read. */
    List<AlertBoard.Row> recent(Instant now, Duration history, int limit) {
        AlertTables.Filter f = new AlertTables.Filter(null, null, null, null, now.minus(history), now.plusSeconds(1));
        return alerts.list(f, limit, () -> false).stream().map(DeskStore::row).flatMap(Optional::stream).toList();
    }

    /** Who acknowledged an open alert and who it is assigned to, from its actions. */
    List<ActionTables.Action> actionsOf(String alertId) { return actions.actions(alertId); }

    private static Optional<AlertBoard.Row> row(AlertTables.Listed l) {
        Optional<Severity> sev = Severity.fromId(l.severity());
        AlertState state;
        try {
            state = AlertState.valueOf(l.state());
        } catch (IllegalArgumentException | NullPointerException e) {
            return Optional.empty();
        }
        if (sev.isEmpty() || l.startedAt() == null) {
            return Optional.empty();
        }
        Instant updated = l.endedAt() != null ? l.endedAt() : l.startedAt();
        return Optional.of(new AlertBoard.Row(l.id(), l.type(), l.category(), sev.get(), state, l.zone(), List.of(),
                l.summary() == null ? "" : l.summary(), l.score() == null ? 0 : l.score(), l.startedAt(), updated, l.endedAt(), false,
                null, null, 0));
    }

    /** Everything the detail pane shows, or empty when the store has no such alert. */
    Optional<ObjectNode> detail(String id) {
        Optional<AlertTables.Full> stored = alerts.stored(id);
        if (stored.isEmpty()) {
            return Optional.empty();
        }
        List<ActionTables.Action> acts = actions.actions(id);
        AlertTables.Full a = stored.get().with(acts);
        ObjectNode o = Json.MAPPER.createObjectNode();
        ObjectNode al = o.putObject("alert");
        al.put("id", a.id());
        al.put("type", a.type());
        al.put("category", a.category());
        al.put("severity", a.severity());
        al.put("state", a.state());
        al.put("zone", a.zone());
        ArrayNode devs = al.putArray("devices");
        a.devices().forEach(devs::add);
        put(al, "started_at", a.startedAt());
        put(al, "updated_at", a.updatedAt());
        put(al, "ended_at", a.endedAt());
        if (a.score() != null) {
            al.put("score", a.score());
        }
        al.put("summary", a.summary());
        al.put("rule_version", a.ruleVersion());
        al.put("acknowledged", a.acknowledged());
        al.put("ack_by", a.ackBy());
        put(al, "ack_at", a.ackAt());
        al.put("false_alarm", a.falseAlarm());
        al.put("resolved_by", a.resolvedBy());
        al.put("resolved_note", a.resolvedNote());
        al.put("assignee", a.assignee());
        al.put("disposition", a.disposition() == null ? null : a.disposition().id());
        al.put("disposition_category", a.dispositionCategory());
        zone(a.zone()).ifPresent(z -> al.put("zone_name", z.name()));

        ArrayNode life = o.putArray("lifecycle");
        alerts.events(id).stream().sorted(Comparator.comparing(AlertTables.Event::at)).forEach(e -> {
            ObjectNode n = life.addObject();
            put(n, "at", e.at());
            n.put("state", e.state());
            n.put("severity", e.severity());
            if (e.score() != null) {
                n.put("score", e.score());
            }
            n.put("summary", e.summary());
        });
        ArrayNode history = o.putArray("actions");
        for (ActionTables.Action x : acts) {
            ObjectNode n = history.addObject();
            put(n, "at", x.at());
            n.put("kind", x.kind().id());
            n.put("actor", x.actor());
            n.put("note", x.note());
            n.put("false_alarm", x.falseAlarm());
            if (x.kind() == io.safetywatcher.common.event.ActionKind.ASSIGN) {
                n.put("assignee", x.assignee());
            }
            n.put("disposition", x.disposition() == null ? null : x.disposition().id());
            n.put("category", x.category());
        }
        ArrayNode ev = o.putArray("evidence");
        List<AlertTables.EvidenceFrame> frames = alerts.evidence(id);
        for (int i = 0; i < frames.size(); i++) {
            AlertTables.EvidenceFrame f = frames.get(i);
            ObjectNode n = ev.addObject();
            n.put("index", i);
            n.put("camera", f.camera());
            put(n, "at", f.at());
            n.set("boxes", boxes(f.boxes()));
            n.put("url", "/api/alerts/" + java.net.URLEncoder.encode(id, java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20")
                    + "/evidence/" + i + ".jpg");
        }
        o.set("around", around(a));
        return Optional.of(o);
    }

    /** The JPEG of evidence frame {@code index} of an alert. */
    Optional<byte[]> evidenceJpeg(String id, int index) {
        List<AlertTables.EvidenceFrame> frames = alerts.evidence(id);
        if (index < 0 || index >= frames.size() || frames.get(index).jpeg() == null) {
            return Optional.empty();
        }
        ByteBuffer b = frames.get(index).jpeg().duplicate();
        byte[] out = new byte[b.remaining()];
        b.get(out);
        return Optional.of(out);
    }

    /** The readings (sensors) and people counts (cameras) of the alert's devices around its start: what the rule saw. */
    private ObjectNode around(AlertTables.Full a) {
        ObjectNode o = Json.MAPPER.createObjectNode();
        Instant from = a.startedAt().minus(AROUND);
        Instant until = (a.endedAt() != null ? a.endedAt() : a.startedAt()).plus(AROUND);
        if (Duration.between(from, until).compareTo(Duration.ofHours(1)) > 0) {
            until = from.plus(Duration.ofHours(1));
        }
        put(o, "from", from);
        put(o, "to", until);
        put(o, "mark", a.startedAt());
        ArrayNode series = o.putArray("series");
        for (String d : a.devices()) {
            Optional<Device> dev = registry.device(d);
            ObjectNode s = series.addObject();
            s.put("device", d);
            ArrayNode pts = s.putArray("points");
            if (dev.isPresent() && dev.get().camera()) {
                s.put("kind", "camera");
                s.put("measure", "people");
                for (RawTables.Frame f : oldestFirst(raw.frames(d, from, until, AROUND_POINTS, () -> false))) {
                    if (f.peopleCount() != null) {
                        pts.addArray().add(f.ts().toEpochMilli()).add(f.peopleCount());
                    }
                }
            } else {
                s.put("kind", "sensor");
                List<RawTables.Reading> rs = oldestFirst(raw.readings(d, from, until, AROUND_POINTS, () -> false));
                s.put("measure", rs.isEmpty() ? dev.map(Device::sensorType).orElse("") : rs.get(0).sensorType());
                s.put("unit", rs.isEmpty() ? dev.map(Device::unit).orElse("") : rs.get(0).unit());
                rs.forEach(r -> pts.addArray().add(r.ts().toEpochMilli()).add(r.value()));
            }
        }
        return o;
    }

    private Optional<Zone> zone(String id) { return id == null ? Optional.empty() : registry.zone(id); }

    /** Zones and devices with their places, open alerts and health: the plan. */
    ObjectNode plan(AlertBoard board, Instant now) {
        ObjectNode o = Json.MAPPER.createObjectNode();
        Map<String, List<AlertBoard.Row>> open = board.openByZone();
        Map<String, String> faulty = new HashMap<>();
        open.values().stream().flatMap(List::stream).filter(r -> AlertType.fromId(r.type()).map(t -> t.category() == AlertCategory.DEVICE_HEALTH).orElse(false))
                .forEach(r -> r.devices().forEach(d -> faulty.put(d, r.summary())));
        Map<String, Boolean> silent = new HashMap<>();
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        List<String> cols = AnalyticsTables.DEVICE_HEALTH.columns();
        int dayCol = cols.indexOf("day");
        int devCol = cols.indexOf("device_id");
        int silentCol = cols.indexOf("silent");
        Map<String, LocalDate> latest = new HashMap<>();
        for (List<Object> row : analytics.ofDays(AnalyticsTables.DEVICE_HEALTH, List.of(today.minusDays(1), today))) {
            String dev = (String) row.get(devCol);
            LocalDate day = (LocalDate) row.get(dayCol);
            if (dev != null && day != null && (latest.get(dev) == null || day.isAfter(latest.get(dev)))) {
                latest.put(dev, day);
                silent.put(dev, Boolean.TRUE.equals(row.get(silentCol)));
            }
        }
        ArrayNode zones = o.putArray("zones");
        for (Zone z : registry.zones()) {
            ObjectNode n = zones.addObject();
            n.put("id", z.id());
            n.put("name", z.name());
            n.put("kind", z.kind());
            if (z.latitude() != null && z.longitude() != null) {
                n.put("lat", z.latitude());
                n.put("lon", z.longitude());
            }
            n.put("area_m2", z.areaM2());
            ArrayNode alertsOf = n.putArray("open");
            open.getOrDefault(z.id(), List.of()).stream().sorted(AlertBoard.DESK_ORDER).limit(20).forEach(r -> {
                ObjectNode a = alertsOf.addObject();
                a.put("id", r.id());
                a.put("type", r.type());
                a.put("severity", r.severity().id());
            });
            n.put("open_count", open.getOrDefault(z.id(), List.of()).size());
            open.getOrDefault(z.id(), List.of()).stream().map(AlertBoard.Row::severity).max(Comparator.naturalOrder())
                    .ifPresent(s -> n.put("worst", s.id()));
        }
        ArrayNode devices = o.putArray("devices");
        for (Device d : registry.devices()) {
            ObjectNode n = devices.addObject();
            n.put("id", d.id());
            n.put("zone", d.zone());
            n.put("kind", d.kind());
            n.put("sensor_type", d.sensorType());
            if (d.latitude() != null && d.longitude() != null) {
                n.put("lat", d.latitude());
                n.put("lon", d.longitude());
            }
            String health = faulty.containsKey(d.id()) ? "fault" : Boolean.TRUE.equals(silent.get(d.id())) ? "silent"
                    : silent.containsKey(d.id()) ? "ok" : "unknown";
            n.put("health", health);
            if (faulty.containsKey(d.id())) {
                n.put("health_detail", faulty.get(d.id()));
            }
        }
        return o;
    }

    /** The analytics job's figures, as the CLI's trends, hotspots and heatmap read them. */
    ObjectNode trends() {
        ObjectNode o = Json.MAPPER.createObjectNode();
        Optional<LocalDate> period = analytics.latestHotspotPeriod();
        ArrayNode hs = o.putArray("hotspots");
        period.ifPresent(p -> {
            o.put("hotspot_period_end", p.toString());
            analytics.hotspots(p).stream().sorted(Comparator.comparingInt(AnalyticsTables.Hotspot::rank)).forEach(h -> {
                ObjectNode n = hs.addObject();
                n.put("rank", h.rank());
                n.put("zone", h.zone());
                n.put("alerts_per_1000m2_day", h.alertsPer1000m2Day());
                n.put("change_pct", h.changePct());
            });
        });
        ArrayNode heat = o.putArray("heatmap");
        analytics.heatmap("all").forEach(c -> heat.addArray().add(c.dow()).add(c.hour()).add(c.count()));
        ArrayNode tr = o.putArray("trends");
        analytics.trends(null).stream().sorted(Comparator.comparing(AnalyticsTables.Trend::zone).thenComparing(AnalyticsTables.Trend::alertType))
                .forEach(t -> {
                    ObjectNode n = tr.addObject();
                    n.put("zone", t.zone());
                    n.put("type", t.alertType());
                    n.put("slope_per_day", t.slopePerDay());
                    n.put("p_value", t.pValue());
                    n.put("significant", t.significant());
                    n.put("from", t.fromDay() == null ? null : t.fromDay().toString());
                    n.put("to", t.toDay() == null ? null : t.toDay().toString());
                });
        ArrayNode peaks = o.putArray("crowd_peaks");
        analytics.crowdPeaks().stream().filter(c -> c.p95Density() != null).sorted(Comparator.comparing(AnalyticsTables.CrowdPeak::zone)
                .thenComparingInt(AnalyticsTables.CrowdPeak::hour)).forEach(c -> {
                    ObjectNode n = peaks.addObject();
                    n.put("zone", c.zone());
                    n.put("hour", c.hour());
                    n.put("p95_density", c.p95Density());
                });
        ArrayNode noise = o.putArray("noise_baseline");
        analytics.noiseBaselines().stream().sorted(Comparator.comparing(AnalyticsTables.NoiseBaseline::zone)
                .thenComparingInt(AnalyticsTables.NoiseBaseline::hour)).forEach(b -> {
                    ObjectNode n = noise.addObject();
                    n.put("zone", b.zone());
                    n.put("hour", b.hour());
                    n.put("mean_db", b.meanDb());
                });
        return o;
    }

    private static JsonNode boxes(String json) {
        if (json == null || json.isBlank()) {
            return Json.MAPPER.createObjectNode();
        }
        try {
            return Json.MAPPER.readTree(json);
        } catch (Exception e) {
            return Json.MAPPER.createObjectNode(); // boxes are a picture's aid; a bad one must not hide the alert
        }
    }

    /** The store's reads come newest first; a chart draws oldest first. */
    private static <T> List<T> oldestFirst(List<T> newestFirst) {
        List<T> l = new java.util.ArrayList<>(newestFirst);
        java.util.Collections.reverse(l);
        return l;
    }

    static void put(ObjectNode n, String field, Instant t) {
        n.put(field, t == null ? null : t.toString());
    }
}
