package io.safetywatcher.analytics.figures;

import io.safetywatcher.store.registry.Device;
import io.safetywatcher.store.registry.Zone;
import io.safetywatcher.store.analytics.AnalyticsTables;
import io.safetywatcher.analytics.table.Table;
import io.safetywatcher.common.codec.Reason;
import io.safetywatcher.common.event.SensorType;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What the scanned days' raw data give, per day: the zone-hour statistics the range figures
 * are built from (zone_hour_stats_by_day), device health and quarantine by reason. Complete
 * grids for every scanned day (every registry zone × 24 hours, every registry device, every
 * reason), so scanning a day again overwrites all it wrote before.
 */
public final class DayFigures {
    /**
     * A late input, and one whose device's clock ran ahead, is stored raw and also quarantined
     * (it only missed detection), so it is not rejected input: it counts as stored, not as
     * quarantined.
     */
    static final java.util.Set<String> STORED_RAW = java.util.Set.of(Reason.LATE.id(), Reason.CLOCK_AHEAD.id());

    private final List<LocalDate> days;
    private final Settings settings;
    private final List<Zone> zones;
    private final List<Device> devices;
    private final List<ReadingGroup> readings;
    private final List<InputCount> otherInput;
    private final List<QuarantineCount> quarantine;
    private final Instant now;

    public DayFigures(List<LocalDate> days, Settings settings, List<Zone> zones, List<Device> devices, List<ReadingGroup> readings,
                      List<InputCount> otherInput, List<QuarantineCount> quarantine, Instant now) {
        this.days = List.copyOf(days);
        this.settings = settings;
        this.zones = List.copyOf(zones);
        this.devices = List.copyOf(devices);
        this.readings = List.copyOf(readings);
        this.otherInput = List.copyOf(otherInput);
        this.quarantine = List.copyOf(quarantine);
        this.now = now;
    }

    public List<Table> all() { return List.of(zoneHourStats(), deviceHealth(), quarantineByReason()); }

    /** zone → day → hour → statistics, every registry zone, scanned day and hour present. */
    public Map<String, Map<LocalDate, Map<Integer, HourStats>>> stats() {
        Map<String, Map<LocalDate, Map<Integer, HourStats>>> out = new TreeMap<>();
        Set<String> zoneIds = new LinkedHashSet<>();
        zones.forEach(z -> zoneIds.add(z.id()));
        readings.stream().filter(r -> r.zoneId() != null).forEach(r -> zoneIds.add(r.zoneId()));
        for (String z : zoneIds) {
            for (LocalDate d : days) {
                for (int h = 0; h < 24; h++) {
                    out.computeIfAbsent(z, k -> new TreeMap<>()).computeIfAbsent(d, k -> new TreeMap<>()).put(h, HourStats.EMPTY);
                }
            }
        }
        for (ReadingGroup r : readings) {
            if (r.zoneId() == null || !days.contains(r.day())) {
                continue;
            }
            HourStats s;
            if (SensorType.SOUND_LEVEL.id().equals(r.sensorType())) {
                s = new HourStats(r.count(), r.sum(), r.sumSq(), Map.of());
            } else if (SensorType.CROWD_DENSITY.id().equals(r.sensorType()) && r.bin() != null) {
                s = new HourStats(0, 0, 0, Map.of(r.bin(), r.count()));
            } else {
                continue;
            }
            out.get(r.zoneId()).get(r.day()).merge(r.hour(), s, HourStats::plus);
        }
        return out;
    }

    public Table zoneHourStats() { return zoneHourStats(stats()); }

    /** zone_hour_stats_by_day rows of zone → day → hour → statistics. */
    public static Table zoneHourStats(Map<String, Map<LocalDate, Map<Integer, HourStats>>> stats) {
        Table.Builder t = Table.builder(AnalyticsTables.ZONE_HOUR_STATS);
        stats.forEach((zone, byDay) -> byDay.forEach((day, byHour) -> byHour.forEach((hour, s) ->
                t.add(List.of(zone, day, hour, s.noiseN(), s.noiseSum(), s.noiseSumSq(), new TreeMap<>(s.densityBins()))))));
        return t.build();
    }

    private Map<String, DeviceDay> byDeviceDay() {
        Map<String, DeviceDay> m = new TreeMap<>();
        for (ReadingGroup r : readings) {
            m.merge(r.sensorId() + "|" + r.day(), new DeviceDay(r.count(), r.newest(), 0, 0), DeviceDay::plus);
        }
        for (InputCount c : otherInput) {
            m.merge(c.deviceId() + "|" + c.day(), new DeviceDay(c.records(), c.newest(), 0, 0), DeviceDay::plus);
        }
        for (QuarantineCount q : quarantine) {
            if (q.deviceId() == null) {
                continue;
            }
            if (Reason.CLOCK_AHEAD.id().equals(q.reason())) {
                m.merge(q.deviceId() + "|" + q.day(), new DeviceDay(0, null, 0, q.count()), DeviceDay::plus);
            } else if (!STORED_RAW.contains(q.reason())) {
                m.merge(q.deviceId() + "|" + q.day(), new DeviceDay(0, null, q.count(), 0), DeviceDay::plus);
            }
        }
        return m;
    }

    /**
     * device_health: per registry device and scanned day. Silent: no input in the last
     * {@code max(analytics.silence-after, 3 sampling periods)} before the day's end (or now,
     * for today); unknown (null) for a day that has not begun. Quarantine rate: quarantined ÷
     * (stored + quarantined), null with no input at all. Clock ahead: inputs set aside because
     * the device's clock ran ahead of the job's (stored raw, not applied): a device with a wrong
     * clock is named here rather than left to look healthy while detection ignores it.
     */
    public Table deviceHealth() {
        Map<String, DeviceDay> m = byDeviceDay();
        Table.Builder t = Table.builder(AnalyticsTables.DEVICE_HEALTH);
        for (LocalDate d : days) {
            Instant start = d.atStartOfDay(ZoneOffset.UTC).toInstant();
            Instant end = d.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
            Instant until = end.isAfter(now) ? now : end;
            for (Device dev : devices) {
                DeviceDay dd = m.getOrDefault(dev.id() + "|" + d, DeviceDay.NONE);
                Duration quiet = settings.silenceAfter();
                if (dev.samplingPeriodMs() != null && dev.samplingPeriodMs() > 0) {
                    Duration three = Duration.ofMillis(3L * dev.samplingPeriodMs());
                    quiet = three.compareTo(quiet) > 0 ? three : quiet;
                }
                Boolean silent = start.isAfter(now) ? null : dd.lastSeen() == null || dd.lastSeen().isBefore(until.minus(quiet));
                long total = dd.stored() + dd.quarantined();
                Double rate = total == 0 ? null : dd.quarantined() / (double) total;
                t.add(Arrays.asList(d, dev.id(), dd.lastSeen(), silent, dd.quarantined(), total, rate, dd.clockAhead()));
            }
        }
        return t.build();
    }

    /**
     * quarantine_by_reason: per scanned day and reason (every reason, 0 included), the count and
     * its share of the day's input records (everything stored raw plus everything rejected;
     * null on a day with no input).
     */
    public Table quarantineByReason() {
        Table.Builder t = Table.builder(AnalyticsTables.QUARANTINE_BY_REASON);
        Set<String> reasons = new LinkedHashSet<>();
        Arrays.stream(Reason.values()).forEach(r -> reasons.add(r.id()));
        quarantine.forEach(q -> reasons.add(q.reason()));
        for (LocalDate d : days) {
            long stored = readings.stream().filter(r -> r.day().equals(d)).mapToLong(ReadingGroup::count).sum()
                    + otherInput.stream().filter(c -> c.day().equals(d)).mapToLong(InputCount::records).sum();
            long rejected = quarantine.stream().filter(q -> q.day().equals(d) && !STORED_RAW.contains(q.reason())).mapToLong(QuarantineCount::count).sum();
            long input = stored + rejected;
            for (String reason : reasons) {
                long n = quarantine.stream().filter(q -> q.day().equals(d) && reason.equals(q.reason())).mapToLong(QuarantineCount::count).sum();
                t.add(Arrays.asList(d, reason, n, input == 0 ? null : n / (double) input));
            }
        }
        return t.build();
    }
}
